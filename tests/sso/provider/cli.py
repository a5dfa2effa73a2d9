"""Seed the test provider: `python -m tests.sso.provider.cli < spec.json`.

spec: {"client": {"client_id", "client_secret", "redirect_uri"}?,
       "users": [{"username", "password", "email", "given_name", "family_name", "groups": [...]}]?}
Idempotent; a user's groups are set to exactly the given list.
"""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    spec = json.load(sys.stdin)
    if client := spec.get("client"):
        Application.objects.filter(client_id=client["client_id"]).delete()
        Application.objects.create(
            name="Milepæl",
            client_id=client["client_id"],
            client_secret=client["client_secret"],  # hashed on save
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,
        )
    for spec_user in spec.get("users", []):
        user, _created = User.objects.get_or_create(username=spec_user["username"])
        user.email = spec_user.get("email", "")
        user.first_name = spec_user.get("given_name", "")
        user.last_name = spec_user.get("family_name", "")
        # Setting the same password again would end the user's IdP session (new auth hash).
        if "password" in spec_user and not user.check_password(spec_user["password"]):
            user.set_password(spec_user["password"])
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in spec_user.get("groups", [])])
    print("ok")


if __name__ == "__main__":
    main()
