"""Property-based tests of the API with schemathesis, against the live test server.

Every operation in the schema served at /api/schema/ is called with generated requests,
as an administrator and as a department's reporter (token auth), on a factory-built plan with
round 1 open and ratings in each status. No response may be a 5xx, and each must conform
to the schema: a documented status code, content type, headers and body.

Three passes per operation: positive (valid per the schema) and negative (invalid) data,
and positive data aimed at objects that exist, since random ids mostly find nothing and
the bodies of 200 and 409 responses deserve checking too.

Bounded and derandomized: a fixed number of examples per operation, generated the same way
every run, no shrinking. Schemathesis' pytest plugin (`schemathesis.pytest.from_fixture`)
breaks on pytest 9.2 (it sets `Function._nodeid`, which pytest no longer has) and could not
set the data up once per role anyway; so this drives schemathesis' Python API with
Hypothesis directly: a strategy per operation (`APIOperation.as_strategy`),
`Case.call_and_validate` against the live server, a pytest subtest per operation and pass."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from milepael.followup import services
from milepael.organisation.models import Department
from tests.factories import rate
from tests.followup.conftest import GREEN

pytestmark = pytest.mark.django_db(transaction=True)

# Not positive_data_acceptance: well-formed requests are refused by the rating rules (400),
# the rights (403) and the version check (409), all documented responses.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
POSITIVE, NEGATIVE, EXISTING = 20, 10, 15


def run(strategy, max_examples: int, base_url: str, headers: dict[str, str]) -> None:
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,  # the same examples every run: no flakes, reproducible failures
        database=None,
        # No shrinking: a failure is reported at once, so a failing run stays bounded too.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    check()


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Hundreds of generated requests per token: the rate limit (tests/api/test_throttling.py)
    would answer most of them with 429 and leave the operations untested."""
    settings.MILEPAEL_API_RATE_USER = "100000/min"
    settings.MILEPAEL_API_RATE_ANON = "100000/min"


@pytest.fixture
def existing(open_round, own_initiative, blank_milestone_initiative, ejendomme_reporter, administrator):
    """Ratings in every status, and the ids of objects that exist, by resource."""
    submitted = rate(own_initiative, open_round, ejendomme_reporter, GREEN)
    services.save_rating(
        initiative=blank_milestone_initiative,
        round_=open_round,
        user=administrator,
        data=services.RatingInput(effort="none", economy="red", alternative_financing="Puljen."),
        expected_version=0,
        submit=True,
    )
    services.approve_rating(submitted, user=administrator, expected_version=submitted.version)
    draft = services.save_rating(
        initiative=own_initiative.plan.initiatives.get(number="3.08"),
        round_=open_round,
        user=administrator,
        data=services.RatingInput(effort="yellow"),
        expected_version=0,
    )
    return {
        "agreements": own_initiative.plan.agreement_id,
        "plans": own_initiative.plan_id,
        "departments": Department.objects.get(name="Ejendomme").pk,
        "initiatives": own_initiative.pk,
        "rounds": open_round.pk,
        "ratings": draft.pk,
        "body": {"initiative": own_initiative.pk, "round": open_round.pk},
    }


def aimed_at(operation, existing):
    """A positive strategy whose path id and rating body point at objects that exist."""
    resource = operation.path.split("/")[2]
    path_parameters = {"id": existing[resource]} if "{id}" in operation.path else None
    strategy = operation.as_strategy(path_parameters=path_parameters)
    if operation.method.upper() == "POST" and operation.path == "/api/ratings/":

        def point_at_existing(case):
            if isinstance(case.body, dict):
                case.body.update(existing["body"])
            return case

        strategy = strategy.map(point_at_existing)
    return strategy


@pytest.mark.parametrize("role", ["administrator", "ejendomme_reporter"])
def test_api_conforms_to_its_schema(request, subtests, live_server, existing, role):
    token = Token.objects.create(user=request.getfixturevalue(role))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    for operation in operations:
        passes = [
            ("positive", operation.as_strategy(GenerationMode.POSITIVE), POSITIVE),
            ("negative", operation.as_strategy(GenerationMode.NEGATIVE), NEGATIVE),
        ]
        if "{id}" in operation.path or operation.method.upper() == "POST":
            passes.append(("existing objects", aimed_at(operation, existing), EXISTING))
        for name, strategy, max_examples in passes:
            with subtests.test(msg=f"{operation.label} ({name})"):
                run(strategy, max_examples, live_server.url, headers)
