"""The README tells the truth: its examples run as shown, its commands are what CI runs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.config import Settings
from tests.conftest import GraphQL

REPOSITORY = Path(__file__).parents[2]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)(?: (\w+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    """One GraphQL operation of the README with the variables and the response shown beside it."""

    query: str
    variables: dict[str, Any]
    response: dict[str, Any] | None


def section(title: str) -> str:
    """The README text under a `## title` heading, up to the next one."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def graphql_examples() -> list[Example]:
    """The README's ```graphql blocks, each with its ```json variables and ```json response blocks."""
    examples: list[Example] = []
    for language, role, body in FENCE.findall(section("GraphQL API")):
        if language == "graphql":
            examples.append(Example(query=body, variables={}, response=None))
        elif language == "json" and role == "variables":
            examples[-1].variables = json.loads(body)
        elif language == "json" and role == "response":
            examples[-1].response = json.loads(body)
    return examples


def shell_commands(title: str) -> list[str]:
    """The ```sh commands of a README section."""
    return [body.strip() for language, _, body in FENCE.findall(section(title)) if language == "sh"]


def test_readme_graphql_examples_give_the_responses_shown(anonymous: GraphQL):
    examples = graphql_examples()
    assert len(examples) >= 6
    api = anonymous
    for example in examples:
        body = api.execute(example.query, example.variables)
        assert not body.get("errors"), (example.query, body)
        for payload in body["data"].values():
            if isinstance(payload, dict) and "accessToken" in payload:
                api = GraphQL(anonymous.client, token=payload["accessToken"])
        if example.response is not None:
            assert body == example.response, example.query


def test_ci_runs_exactly_the_readme_test_command():
    [test_command] = shell_commands("Run every test")
    ci_script = (REPOSITORY / ".ci" / "run").read_text()
    assert test_command in ci_script.splitlines()


def test_readme_starts_the_product_with_demo_data():
    [start_command] = shell_commands("Try it with demo data")
    assert start_command.endswith("fintrack serve --demo")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented_with_its_default(name: str):
    field = Settings.model_fields[name]
    rows = [row for row in section("Configuration").splitlines() if row.startswith(f"| `{name.upper()}`")]
    assert rows, f"README's configuration table lacks {name.upper()}"
    if field.default is not None and not callable(field.default_factory):
        default = str(field.default).lower() if isinstance(field.default, bool) else str(field.default)
        assert f"`{default}`" in rows[0], rows[0]
