"""People in each role, with verified e-mail addresses."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

PASSWORD = "a-long-test-password-42"


def person(email, *, group=None, superuser=False, verified=True) -> User:
    user = User.objects.create_user(username=email, email=email, password=PASSWORD,
                                    is_superuser=superuser, is_staff=superuser)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if group:
        # get_or_create: a transactional test (browser) may run after a flush of the
        # data migration's groups
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user
