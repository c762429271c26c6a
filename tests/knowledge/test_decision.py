"""The calibrated answer decision: its data file loads and behaves like a confidence."""

from __future__ import annotations

import dataclasses

from bot.knowledge.decision import DecisionFeatures, load_decision_model

CLEAR = DecisionFeatures(best=0.8, lead=0.4, close=0.0, oos_gap=0.6, unknown=0.0, words=1.8)


def test_the_fitted_model_ships_with_the_matcher() -> None:
    assert load_decision_model() is not None


def test_one_candidate_far_ahead_with_nothing_out_of_scope_near_is_answered() -> None:
    model = load_decision_model()
    assert model is not None
    assert model.confidence(CLEAR) >= model.answer_confidence


def test_a_near_out_of_scope_group_and_a_close_race_lower_confidence() -> None:
    model = load_decision_model()
    assert model is not None
    crowded = dataclasses.replace(CLEAR, lead=0.01, close=3.0, oos_gap=0.02)
    assert model.confidence(crowded) < model.confidence(CLEAR)
    assert model.confidence(crowded) < model.answer_confidence
