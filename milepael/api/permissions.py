"""DRF permission classes. They only delegate: the rules live in
milepael.organisation.permissions, like everywhere else."""

from rest_framework.permissions import BasePermission

from milepael.organisation import permissions


class CanViewInternal(BasePermission):
    """Plans, ratings and history are internal: any user with a role may read them."""

    def has_permission(self, request, view) -> bool:
        return permissions.can_view_internal(request.user)


class CanReview(BasePermission):
    """Approving and returning ratings is for the finance and steering department."""

    def has_permission(self, request, view) -> bool:
        return permissions.can_review(request.user)
