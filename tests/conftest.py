import pytest

from cases import services
from tests import db_flush, document_bucket
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

db_flush.install()  # the flush between transactional tests may TRUNCATE the append-only access log


@pytest.fixture(scope="session", autouse=True)
def _document_bucket_removed_at_the_end():
    """Documents go to a bucket of this run on SeaweedFS (zvh/settings/test.py); removed afterwards."""
    yield
    document_bucket.drop()


@pytest.fixture(autouse=True)
def _figure_cache_backoff_forgotten():
    """A test that found the figure cache down must not leave the next one computing without it
    (dashboard/figures.py backs off per process)."""
    from dashboard.figures import reset_cache_backoff  # import here: only this fixture needs it

    yield
    reset_cache_backoff()


@pytest.fixture
def politie(db):
    return OrganisationFactory(name="Politie", kind="veiligheid")


@pytest.fixture
def ggz(db):
    return OrganisationFactory(name="GGZ Oost Brabant", kind="zorg")


@pytest.fixture
def regisseur(db):
    return UserFactory(username="regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")


@pytest.fixture
def other_regisseur(db):
    return UserFactory(username="regisseur_b", regisseur=True)


@pytest.fixture
def agent(politie):
    """A police professional who will be seated at the table of `case`."""
    return UserFactory(username="agent", organisation=politie)


@pytest.fixture
def colleague(politie):
    """Same organisation as `agent`, never seated: organisation membership alone gives nothing."""
    return UserFactory(username="collega", organisation=politie)


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", manager=True)


@pytest.fixture
def privacy_officer(db):
    return UserFactory(username="privacy", privacy_officer=True)


@pytest.fixture
def functional_admin(db):
    return UserFactory(username="beheer", functional_admin=True)


@pytest.fixture
def case(regisseur, agent, politie):
    """An open COM case directed by `regisseur` with `agent` (Politie) at the table."""
    case = make_case(
        regisseur=regisseur,
        persons=[
            services.PersonData(first_name="Jan", last_name="Aalbers", role_in_case="hoofdpersoon", bsn="111222333"),
            services.PersonData(first_name="Ingrid", last_name="Aalbers", role_in_case="partner"),
        ],
    )
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    case.refresh_from_db()
    return case


@pytest.fixture
def escalation(agent):
    """A pending escalation submitted by `agent` (Politie) about two persons."""
    return make_escalation(submitted_by=agent)
