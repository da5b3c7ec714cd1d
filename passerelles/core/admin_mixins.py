class StaffReadMixin:
    """Every active staff member may read this part of the admin; writes are decided by each
    admin class through accounts.permissions."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)
