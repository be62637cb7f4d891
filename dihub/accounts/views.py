"""Pages of accounts: my hubs, claiming, the coordinator's dashboard, invitations, API
tokens. They ask dihub.accounts.permissions and call dihub.accounts.flows, as the API does."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dihub.catalogue.models import Hub, Validation

from . import erasure, flows, permissions
from .forms import (
    ClaimForm,
    CoordinatorInviteForm,
    EraseForm,
    InviteForm,
    RefuseForm,
    TokenForm,
)
from .models import ApiToken, Claim


def _require(allowed):
    if not allowed:
        raise PermissionDenied


@login_required
def my_hubs(request):
    user = request.user
    return render(request, "accounts/my_hubs.html", {
        "memberships": user.memberships.select_related("hub"),
        "claims": user.claims.select_related("hub"),
        "roles": permissions.role_labels(user),
        "coordinator": permissions.is_coordinator(user),
    })


@login_required
def claim_hub(request, slug):
    # only published hubs can be claimed (flows.claimable); others are not public at all
    hub = get_object_or_404(Hub, slug=slug, validation=Validation.PUBLISHED)
    if not permissions.can_claim(request.user, hub):
        messages.info(request, _("You already manage %(hub)s.") % {"hub": hub.name})
        return redirect("accounts-home")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flows.make_claim(request.user, hub, form.cleaned_data["message"])
        except flows.Invalid as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your claim of %(hub)s was sent to the coordinators.")
                             % {"hub": hub.name})
            return redirect("accounts-home")
    return render(request, "accounts/claim.html", {"hub": hub, "form": form})


@login_required
def coordinator(request):
    _require(permissions.can_review_claims(request.user))
    form = CoordinatorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hub, email = form.cleaned_data["hub"], form.cleaned_data["email"]
        try:
            flows.invite(hub, email, request.user, request)
        except flows.Invalid as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("%(email)s was invited to manage %(hub)s.")
                             % {"email": email, "hub": hub.name})
            return redirect("accounts-coordinator")
    pending = Claim.objects.filter(state=Claim.State.PENDING).select_related("hub", "user")
    return render(request, "accounts/coordinator.html", {
        "claims": pending, "form": form, "refuse_form": RefuseForm()})


@login_required
@require_POST
def approve_claim(request, pk):
    _require(permissions.can_review_claims(request.user))
    claim = get_object_or_404(Claim, pk=pk, state=Claim.State.PENDING)
    try:
        flows.approve(claim, request.user, request)
    except flows.Invalid as exc:  # another coordinator decided meanwhile
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(email)s now manages %(hub)s.")
                         % {"email": claim.email, "hub": claim.hub.name})
    return redirect("accounts-coordinator")


@login_required
@require_POST
def refuse_claim(request, pk):
    _require(permissions.can_review_claims(request.user))
    claim = get_object_or_404(Claim, pk=pk, state=Claim.State.PENDING)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason to refuse a claim."))
        return redirect("accounts-coordinator")
    try:
        flows.refuse(claim, request.user, form.cleaned_data["reason"])
    except flows.Invalid as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The claim of %(email)s was refused.") % {"email": claim.email})
    return redirect("accounts-coordinator")


@login_required
def invite_manager(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    _require(permissions.can_manage_members(request.user, hub))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flows.invite(hub, form.cleaned_data["email"], request.user, request)
        except flows.Invalid as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("%(email)s was invited.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("accounts-home")
    return render(request, "accounts/invite.html", {
        "hub": hub, "form": form, "managers": hub.memberships.select_related("user")})


@login_required
def accept_invitation(request, token):
    invitation = flows.open_invitation(token)
    if invitation is None:
        raise Http404("No open invitation with this link: used, expired or unknown.")
    if not flows.may_accept(invitation, request.user):
        # bound to its address: say whom it is for and how to get there, accept nothing
        return render(request, "accounts/accept.html",
                      {"invitation": invitation, "wrong_address": True}, status=403)
    if request.method == "POST":
        try:
            flows.accept(invitation, request.user)
        except (flows.NotAllowed, flows.Invalid) as exc:
            messages.error(request, str(exc))
            return redirect("accounts-home")
        messages.success(request, _("You now manage %(hub)s.") % {"hub": invitation.hub.name})
        return redirect("accounts-home")
    return render(request, "accounts/accept.html", {"invitation": invitation})


@login_required
@never_cache
def tokens(request):
    """Make an API token (its secret is shown on this answer only), list and revoke them."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = flows.create_token(request.user, form.cleaned_data["name"])
        except flows.Invalid as exc:
            form.add_error("name", str(exc))
        else:
            form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "created": created, "secret": secret,
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True)})


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # others' tokens: 404
    flows.revoke_token(token)
    messages.success(request, _("The token “%(name)s” (%(prefix)s…) was revoked.")
                     % {"name": token.name, "prefix": token.prefix})
    return redirect("accounts-tokens")


@login_required
@never_cache
def my_data(request):
    """Download what dihub holds about me; erase my account and every trace of it."""
    if request.GET.get("download"):
        response = JsonResponse(erasure.export(request.user), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-dihub-data.json"'
        return response
    form = EraseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        erasure.erase_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your data were erased."))
        return redirect("home")
    return render(request, "accounts/my_data.html", {"form": form})
