"""register and login: email normalisation, duplicates, validation, and the starter categories."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from api.app import create_app
from api.categories.defaults import DEFAULT_EXPENSE_CATEGORIES, DEFAULT_INCOME_CATEGORIES
from api.categories.models import Category
from tests.auth.operations import LOGIN, ME, PASSWORD, REGISTER, error_code
from tests.conftest import GraphQL


def register(anonymous, email: str, password: str = PASSWORD):
    return anonymous.execute(REGISTER, {"email": email, "password": password})


def test_registered_user_sees_themselves(alice):
    assert alice.ok(ME)["me"]["email"] == "alice@example.com"


def test_anonymous_me_is_unauthenticated(anonymous):
    assert error_code(anonymous, ME) == "UNAUTHENTICATED"


def test_registration_stores_the_email_trimmed_and_lower_cased(anonymous):
    payload = register(anonymous, "  Carol.Smith@Example.COM ")["data"]["register"]
    assert payload["user"]["email"] == "carol.smith@example.com"
    assert payload["tokenType"] == "Bearer"


def test_registering_an_email_twice_in_any_case_is_refused_on_the_email_field(anonymous):
    register(anonymous, "carol@example.com")
    error = register(anonymous, "CAROL@example.com ")["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "email"


@pytest.mark.parametrize("email", ["", "not-an-email", "carol@", "@example.com", "a" * 250 + "@example.com"])
def test_invalid_email_is_refused_on_the_email_field(anonymous, email):
    error = register(anonymous, email)["errors"][0]
    assert error["extensions"]["field"] == "email"


def test_short_password_is_refused_on_the_password_field(anonymous):
    error = register(anonymous, "carol@example.com", "short")["errors"][0]
    assert error["extensions"]["field"] == "password"


def test_login_ignores_the_case_and_surrounding_spaces_of_the_email(make_user, anonymous):
    make_user("carol@example.com")
    payload = anonymous.ok(LOGIN, {"email": " CAROL@Example.Com ", "password": PASSWORD})["login"]
    assert payload["user"]["email"] == "carol@example.com"


def test_wrong_password_and_unknown_email_fail_alike(make_user, anonymous):
    make_user("carol@example.com")
    wrong_password = anonymous.error(LOGIN, {"email": "carol@example.com", "password": "a wrong guess"})
    unknown_email = anonymous.error(LOGIN, {"email": "nobody@example.com", "password": PASSWORD})
    not_an_email = anonymous.error(LOGIN, {"email": "not-an-email", "password": PASSWORD})
    assert wrong_password["extensions"]["code"] == "UNAUTHENTICATED"
    assert wrong_password["message"] == unknown_email["message"] == not_an_email["message"]
    assert unknown_email["extensions"] == not_an_email["extensions"] == wrong_password["extensions"]


def test_registration_gives_the_default_categories(make_user, database):
    make_user("carol@example.com")
    defaults = DEFAULT_EXPENSE_CATEGORIES + DEFAULT_INCOME_CATEGORIES
    expected = len(defaults) + sum(len(children) for _, _, children in defaults)
    with database.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Category)) == expected


def test_closed_registration_is_forbidden_and_existing_users_still_sign_in(make_user, settings):
    make_user("carol@example.com")  # e.g. the operator's own account, or one made with create-user
    closed = settings.model_copy(update={"registration_open": False})
    with TestClient(create_app(closed)) as closed_client:
        anonymous = GraphQL(closed_client)
        error = anonymous.error(REGISTER, {"email": "dave@example.com", "password": PASSWORD})
        assert anonymous.ok(LOGIN, {"email": "carol@example.com", "password": PASSWORD})["login"]["user"]
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert error["message"].startswith("Registration is closed")
