"""Pages of accounts: my hubs, claiming, the coordinator's dashboard, invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dihub.catalogue.models import Hub

from . import flows, permissions
from .forms import ClaimForm, CoordinatorInviteForm, InviteForm, RefuseForm
from .models import Claim


def _require(allowed):
    if not allowed:
        raise PermissionDenied


@login_required
def my_hubs(request):
    user = request.user
    return render(request, "accounts/my_hubs.html", {
        "memberships": user.memberships.select_related("hub"),
        "claims": user.claims.select_related("hub"),
        "roles": permissions.role_names(user),
        "coordinator": permissions.is_coordinator(user),
    })


@login_required
def claim_hub(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    if permissions.is_manager(request.user, hub):
        messages.info(request, f"You already manage {hub.name}.")
        return redirect("accounts-home")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flows.make_claim(request.user, hub, form.cleaned_data["message"])
        messages.success(request, f"Your claim of {hub.name} was sent to the coordinators.")
        return redirect("accounts-home")
    return render(request, "accounts/claim.html", {"hub": hub, "form": form})


@login_required
def coordinator(request):
    _require(permissions.can_review_claims(request.user))
    form = CoordinatorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hub, email = form.cleaned_data["hub"], form.cleaned_data["email"]
        flows.invite(hub, email, request.user, request)
        messages.success(request, f"{email} was invited to manage {hub.name}.")
        return redirect("accounts-coordinator")
    pending = Claim.objects.filter(state=Claim.State.PENDING).select_related("hub", "user")
    return render(request, "accounts/coordinator.html", {
        "claims": pending, "form": form, "refuse_form": RefuseForm()})


@login_required
@require_POST
def approve_claim(request, pk):
    _require(permissions.can_review_claims(request.user))
    claim = get_object_or_404(Claim, pk=pk, state=Claim.State.PENDING)
    flows.approve(claim, request.user, request)
    messages.success(request, f"{claim.email} now manages {claim.hub.name}.")
    return redirect("accounts-coordinator")


@login_required
@require_POST
def refuse_claim(request, pk):
    _require(permissions.can_review_claims(request.user))
    claim = get_object_or_404(Claim, pk=pk, state=Claim.State.PENDING)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason to refuse a claim.")
        return redirect("accounts-coordinator")
    flows.refuse(claim, request.user, form.cleaned_data["reason"])
    messages.success(request, f"The claim of {claim.email} was refused.")
    return redirect("accounts-coordinator")


@login_required
def invite_manager(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    _require(permissions.can_manage_members(request.user, hub))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flows.invite(hub, form.cleaned_data["email"], request.user, request)
        messages.success(request, f"{form.cleaned_data['email']} was invited.")
        return redirect("accounts-home")
    return render(request, "accounts/invite.html", {
        "hub": hub, "form": form, "managers": hub.memberships.select_related("user")})


@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(flows.open_invitations(), token=token)
    if request.method == "POST":
        flows.accept(invitation, request.user)
        messages.success(request, f"You now manage {invitation.hub.name}.")
        return redirect("accounts-home")
    return render(request, "accounts/accept.html", {"invitation": invitation})
