"""The calibrated answer decision: its data file loads and behaves like a confidence."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from bot.knowledge.decision import FEATURES, DecisionFeatures, DecisionModel, load_decision_model
from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import Matcher

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


def test_the_data_file_names_the_features_it_was_fitted_on(tmp_path: Path) -> None:
    model = load_decision_model()
    assert model is not None
    data = model.as_json()
    assert data["features"] == list(model.features)
    assert set(model.features) <= set(FEATURES)
    data["features"] = [*model.features[:-1], "moon_phase"]
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="refit"):
        load_decision_model(path)


def test_a_model_reads_only_the_features_it_names() -> None:
    model = DecisionModel(
        features=("best",),
        means=(0.5,),
        scales=(0.1,),
        weights=(2.0,),
        intercept=0.0,
        answer_confidence=0.8,
    )
    english = dataclasses.replace(CLEAR, english=1.0, word_share=0.1, gram_share=0.1)
    assert model.confidence(english) == model.confidence(CLEAR)
    assert model.confidence(dataclasses.replace(CLEAR, best=0.4)) < 0.5


def test_an_entry_barely_ahead_of_an_out_of_scope_group_is_not_answered_by_the_sure_rule(
    matcher: Matcher,
) -> None:
    # registering a company: legal-form-alternatives scores high, but the company-paperwork
    # group is right behind it, so the fitted model decides (and only suggests)
    query = "อยากจดทะเบียนบริษัทต้องทำไง"
    features, _ = matcher.features(query) or (None, None)
    assert features is not None and features.best >= matcher.config.sure_score
    assert features.oos_gap < matcher.config.sure_oos_gap
    assert matcher.match(query).decision == "suggest"
    ungated = dataclasses.replace(matcher.config, sure_oos_gap=0.0)
    assert Matcher.build(load_knowledge(), ungated).match(query).decision == "answer"


def test_a_co_op_question_next_to_an_out_of_scope_group_gets_suggestions(
    matcher: Matcher,
) -> None:
    # VAT registration is company paperwork, but for a co-op the tax entry is nearly as close
    result = matcher.match("vat registration for a coop?")
    assert result.decision == "suggest"
    assert result.best is not None and result.best.entry_id == "coop-tax"
    strict = dataclasses.replace(matcher.config, coop_oos_slack=-1.0)
    declined = Matcher.build(load_knowledge(), strict).match("vat registration for a coop?")
    assert declined.decision == "fallback" and declined.declined
    # without the co-op, the same question is declined as before
    assert matcher.match("vat registration for a shop?").declined
