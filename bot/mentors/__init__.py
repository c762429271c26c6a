"""Mentors and referrals: the registry, ranking, the referral state machine and its jobs.

Nothing here knows Telegram or the conversation layer. ``services.mentors`` is a
``bot.mentors.service.MentorService``; what other features call on it:

Admin tools (each returns a ``StatusChange(mentor, previous_status, changed,
offered_referrals)``; ``changed`` is False when the action does not apply, e.g. approving an
approved mentor; approving or resuming offers waiting referrals that now fit)::

    await mentors.list_mentors(status=None | "pending" | "approved" | "paused" | ...)
    await mentors.get_mentor(mentor_id)
    await mentors.approve(mentor_id) / reject(mentor_id) / pause(mentor_id)
    await mentors.resume(mentor_id) / remove(mentor_id)
    await mentors.import_mentors(records)          # -> ImportSummary(added, updated, problems)

Statistics (no personal data)::

    await mentors.statistics(since=None)  # -> ReferralStatistics: referrals_by_status,
        # offers_by_outcome, mentors_by_status, active_mentors, median_hours_to_acceptance,
        # founder_fit_average, mentor_fit_average, helped

Personal data: the columns are ``Mentor.user_id/display_name/username/bio_th/bio_en``
and ``Referral.founder_id/founder_name/founder_username/need``; ``bot.privacy.sources``
exports and erases them (``/mydata``, ``/forget``), keeping the anonymous history.

Jobs: ``sweep_deadlines()`` (reminders, expiries, re-offers, waiting referrals) and
``send_followups()``. Models: ``bot.db.models.mentors`` (Mentor, Referral, ReferralOffer).
"""
