from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from callpilot.errors import FileFormatError, NotFoundError
from callpilot.knowledge import KnowledgeBase, load_knowledge, load_knowledge_text

FIXTURES = Path(__file__).parent / "fixtures"
SOLAR = FIXTURES / "sunbright-solar.yaml"


def write(tmp_path: Path, text: str, name: str = "kb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> FileFormatError:
    path = write(tmp_path, text)
    with pytest.raises(FileFormatError) as info:
        load_knowledge(path)
    assert info.value.path == str(path)
    return info.value


def test_a_knowledge_base_file_loads_with_every_section() -> None:
    kb = load_knowledge(SOLAR)

    assert kb.company == "SunBright Solar"
    assert kb.currency == "USD"
    assert [o.id for o in kb.offerings] == ["home-solar", "battery", "care-plan"]
    assert [a.id for a in kb.answers] == ["financing", "tax-credit", "service-area", "office-hours"]
    assert [k.id for k in kb.keywords] == ["cancel", "roof-damage"]
    assert [c.id for c in kb.competitors] == ["raypower", "green-volt-energy"]
    assert kb.sources == [str(SOLAR)]


def test_facts_load_in_short_and_long_form_with_parsed_values() -> None:
    kb = load_knowledge(SOLAR)
    solar = kb.offering("home-solar")

    warranty = solar.facts["panel warranty"]
    assert warranty.aliases == ["panel coverage", "panels are covered", "panel guarantee"]
    assert warranty.raw == "25 years"
    assert warranty.value.dimension == "duration"
    assert warranty.value.numbers == (25 * 365,)
    assert solar.facts["starting price"].value.kind == "price"
    assert solar.facts["starting price"].value.numbers == (12900,)
    assert solar.facts["system size"].value.unit == "kw"
    assert solar.facts["permits"].value.kind == "text"
    care = kb.offering("care-plan")
    assert care.facts["price"].value.per == "month"
    assert care.facts["cleanings per year"].value.kind == "number"
    assert kb.answer("financing").facts["loan terms"].value.kind == "list"
    assert solar.names() == ["Home Solar System", *solar.aliases]


def test_a_bare_number_under_a_price_attribute_is_a_price_in_the_file_currency() -> None:
    kb = load_knowledge_text(
        """
        company: Test Co
        currency: gbp
        offerings:
          - id: a
            name: A
            facts: {price: 1499, visits: 2, notes: [12, 24]}
        """
    )

    facts = kb.offering("a").facts
    assert kb.currency == "GBP"
    assert (facts["price"].value.kind, facts["price"].value.currency) == ("price", "GBP")
    assert facts["visits"].value.kind == "number"
    assert facts["notes"].raw == "12 or 24"


def test_unknown_keys_are_ignored_and_lookups_of_missing_ids_raise() -> None:
    kb = load_knowledge_text(
        """
        company: Test Co
        owner_notes: anything
        offerings:
          - {id: a, name: A, colour: red}
        """
    )

    assert kb.offering("a").name == "A"
    with pytest.raises(NotFoundError):
        kb.offering("nope")
    with pytest.raises(NotFoundError):
        kb.answer("nope")


def test_a_folder_of_files_merges_with_company_and_currency_from_the_first() -> None:
    kb = load_knowledge(FIXTURES / "split")

    assert kb.company == "Harbor Fitness"
    assert kb.currency == "EUR"
    assert [o.id for o in kb.offerings] == ["monthly-membership", "personal-training"]
    assert kb.offering("personal-training").facts["price"].value.currency == "EUR"
    assert kb.offering("monthly-membership").facts["price"].value.per == "month"
    assert [a.id for a in kb.answers] == ["opening-hours"]
    assert [c.id for c in kb.competitors] == ["ironworks-gym"]
    assert [Path(s).name for s in kb.sources] == ["01-company.yml", "02-more.yaml"]
    assert isinstance(kb, KnowledgeBase)


def test_a_duplicate_id_across_a_folder_names_the_second_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "company: X\nofferings:\n  - {id: a, name: A}\n", "1.yaml")
    second = write(
        tmp_path, "offerings:\n  - {id: b, name: B}\n  - id: a\n    name: A2\n", "2.yaml"
    )

    with pytest.raises(FileFormatError) as info:
        load_knowledge(tmp_path)

    assert (info.value.path, info.value.line) == (str(second), 3)
    assert "duplicate offering id 'a'" in info.value.reason


def test_a_folder_without_a_company_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "offerings: []\n", "1.yaml")

    with pytest.raises(FileFormatError) as info:
        load_knowledge(tmp_path)

    assert "company" in info.value.reason


def test_an_empty_folder_and_a_missing_path_are_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="no \\*.yaml"):
        load_knowledge(tmp_path)
    with pytest.raises(FileFormatError, match="no such file"):
        load_knowledge(tmp_path / "missing.yaml")


def test_a_yaml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        offerings:
          - id: a
            name: [unclosed
          - id: b
        """,
    )

    assert error.line == 5
    assert "YAML syntax error" in error.reason
    assert str(error).startswith(f"{error.path}:5: ")


def test_a_missing_id_reports_the_line_of_the_item(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        offerings:
          - id: a
            name: A
          - id: b
            name: B
          - name: C
            summary: no id here
        """,
    )

    assert error.line == 7
    assert error.reason == "offerings[2]: missing required key 'id'"


def test_a_missing_company_reports_line_one(tmp_path: Path) -> None:
    error = load_error(tmp_path, "currency: USD\nofferings: []\n")

    assert error.line == 1
    assert error.reason == "missing required key 'company'"


def test_a_wrong_type_reports_the_line_of_the_value(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        answers:
          - id: a
            questions: [why]
            answer: because
          - id: b
            questions:
              first: one question
            answer: yes
        """,
    )

    assert error.line == 8
    assert error.reason == "answers[1].questions: expected a list, got a mapping"


def test_a_section_that_is_not_a_list_is_an_error(tmp_path: Path) -> None:
    error = load_error(tmp_path, "company: X\nkeywords: cancel\n")

    assert error.line == 2
    assert error.reason == "keywords: expected a list, got text"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("company: X\nofferings:\n  - just a name\n", 3, "offerings[0]: expected a mapping"),
        ("company: X\nofferings:\n  - id: ''\n    name: A\n", 3, "offerings[0].id: must not"),
        ("company: X\ncurrency: dollars\n", 2, "currency: must be a 3-letter currency code"),
        ("company: X\nanswers:\n  - id: a\n    questions: []\n    answer: b\n", 4, "answers"),
        ("company: X\ncompetitors:\n  - aliases: [x]\n", 3, "competitors[0]: missing"),
        ("company: !!python/object:os.system x\n", 1, "YAML"),
    ],
)
def test_other_malformed_files_name_the_line_and_problem(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    error = load_error(tmp_path, text)

    assert error.line == line
    assert error.reason.startswith(reason)


def test_a_fact_without_a_value_reports_the_line_of_the_fact(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        offerings:
          - id: a
            name: A
            facts:
              price: 10 USD
              warranty:
                aliases: [coverage]
        """,
    )

    assert error.line == 8
    assert error.reason == "offerings[0].facts.warranty: the long form needs a 'value' key"


def test_a_fact_with_a_mapping_value_is_an_error(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        offerings:
          - id: a
            name: A
            facts:
              warranty:
                value: {years: 3}
        """,
    )

    assert error.line == 7
    assert error.reason.startswith("offerings[0].facts.warranty: value must be text or a number")


def test_an_unparseable_fact_value_is_a_text_fact_not_an_error() -> None:
    kb = load_knowledge_text(
        "company: X\nofferings:\n  - id: a\n    name: A\n    facts: {warranty: ask the office}\n"
    )

    assert kb.offering("a").facts["warranty"].value.kind == "text"


def test_a_duplicate_key_in_a_mapping_is_reported_at_the_second_key(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        offerings:
          - id: a
            name: A
            facts:
              warranty: 2 years
              price: 10 USD
              warranty: 3 years
        """,
    )

    assert error.line == 8
    assert error.reason == "duplicate key 'warranty'"


def test_a_duplicate_id_in_one_file_reports_the_second_line(tmp_path: Path) -> None:
    error = load_error(
        tmp_path,
        """
        company: X
        keywords:
          - {id: cancel, phrases: [cancel], suggestion: ask why}
          - {id: refund, phrases: [refund], suggestion: apologise}
          - {id: cancel, phrases: [quit], suggestion: ask why}
        """,
    )

    assert error.line == 5
    assert error.reason == "duplicate keyword id 'cancel'"


def test_a_file_that_is_not_a_mapping_or_is_empty_is_an_error(tmp_path: Path) -> None:
    assert load_error(tmp_path, "- just\n- a list\n").line == 1
    assert "empty" in load_error(tmp_path, "# nothing here\n").reason


def test_load_knowledge_text_names_its_source() -> None:
    with pytest.raises(FileFormatError) as info:
        load_knowledge_text("company: [", source="inline.yaml")

    assert info.value.path == "inline.yaml"
    assert info.value.line == 1


EXAMPLES = Path(__file__).parents[2] / "examples" / "knowledge"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_projects_example_knowledge_bases_load(path: Path) -> None:
    kb = load_knowledge(path)

    assert kb.company and kb.offerings
    facts = [f for e in (*kb.offerings, *kb.answers) for f in e.facts.values()]
    assert any(f.value.kind != "text" for f in facts)
