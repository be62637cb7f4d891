"""Each step of editing a hub, with its permission check: the pages and the API call these
and nothing else, so both allow exactly the same things.

A step raises NotAllowed (403: the person may not), Conflict (409: the state does not allow
it now), Invalid (400: the input does not) or sheet.SheetError (422: the sheet sent has bad
fields, each named in `.errors`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from dihub.accounts import permissions
from dihub.accounts.flows import Conflict, Invalid, NotAllowed
from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, HubVersion


def _require(allowed, message):
    if not allowed:
        raise NotAllowed(message)


def _run(step, *args):
    try:
        return step(*args)
    except sheets.SheetError:
        raise
    except workflow.StateError as exc:
        raise Conflict(str(exc)) from None
    except workflow.WorkflowError as exc:
        raise Invalid(str(exc)) from None


def draft_of(user, hub) -> Draft | None:
    """The hub's open draft, for those who may edit it."""
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can see its draft."))
    return workflow.open_draft(hub)


def edit(user, hub, doc=None) -> Draft:
    """Start (or continue) the hub's draft; with `doc`, save it (SheetError if it is bad)."""
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can edit it."))
    with transaction.atomic():  # a rejected sheet leaves no new draft behind
        draft = _run(workflow.start_draft, hub, user)
        if doc is not None:
            _run(workflow.save_draft, draft, doc, user)
    return draft


def submit(user, hub) -> Draft:
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can submit its changes."))
    draft = workflow.open_draft(hub)
    if draft is None:
        raise Conflict(_("There is no draft to submit: edit the fact-sheet first."))
    return _run(workflow.submit, draft, user)


def withdraw(user, hub) -> Draft:
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can withdraw its draft."))
    draft = workflow.open_draft(hub)
    if draft is None:
        raise Conflict(_("There is no open draft."))
    return _run(workflow.withdraw, draft, user)


def _submitted(hub) -> Draft:
    draft = workflow.open_draft(hub)
    if draft is None or draft.state != Draft.State.SUBMITTED:
        raise Conflict(_("This hub has no submitted draft."))
    return draft


def publish(user, hub) -> HubVersion:
    _require(permissions.can_publish(user, hub), _("Only a coordinator can publish."))
    return _run(workflow.publish, _submitted(hub), user)


def send_back(user, hub, comment: str) -> Draft:
    _require(permissions.can_publish(user, hub), _("Only a coordinator can send a draft back."))
    return _run(workflow.send_back, _submitted(hub), user, comment or "")


def history(user, hub) -> list[dict]:
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can see its history."))
    return workflow.history(hub)


def revert(user, hub, version_id) -> HubVersion:
    _require(permissions.can_publish(user, hub), _("Only a coordinator can revert a hub."))
    version = HubVersion.objects.filter(hub=hub, pk=version_id).first()
    if version is None:
        raise Invalid(_("This hub has no such version."))
    return _run(workflow.revert, hub, version, user)


def register(user, name: str, country: str) -> Draft:
    _require(permissions.is_coordinator(user), _("Only a coordinator can register a hub."))
    return _run(workflow.register, name, country, user)


def archive(user, hub, reason: str = "") -> HubVersion:
    _require(permissions.is_coordinator(user), _("Only a coordinator can archive a hub."))
    return _run(workflow.archive, hub, user, reason or "")


def restore(user, hub) -> HubVersion:
    _require(permissions.is_coordinator(user), _("Only a coordinator can restore a hub."))
    return _run(workflow.restore, hub, user)


def confirm_current(user, hub):
    _require(permissions.can_edit_hub(user, hub), _("Only the hub's managers and coordinators "
             "can confirm its fact-sheet."))
    workflow.confirm_current(hub, user)
