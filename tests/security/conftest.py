import pytest


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    user = UserFactory(username="organisator", is_superuser=True)
    user.save()  # the factory sets the password without saving it
    return user
