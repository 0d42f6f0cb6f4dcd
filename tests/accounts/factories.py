from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from faker import Faker

from cocommission.accounts.models import User

PASSWORD = "a-long-test-password-2026"

_faker = Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Realistic names, without apostrophes: HTML escapes them, which would make
    # "is the name on the page" checks fail now and then (O'Brien).
    display_name = factory.LazyFunction(lambda: _faker.name().replace("'", ""))
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Accounts made by the factory have a verified primary address unless told."""
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )
