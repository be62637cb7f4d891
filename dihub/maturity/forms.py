from django import forms
from django.utils.translation import gettext_lazy as _

from dihub.catalogue.models import Hub, Validation

from . import i18n

PHASE_CHOICES = [("", _("A self-assessment")),
                 ("t0", _("T0: before the hub's support begins")),
                 ("t1", _("T1: after the hub's support, to measure the progress"))]


def questionnaire_choices():
    return [(q["key"], q["title"]) for q in i18n.available()]


class HubChoice(forms.ModelChoiceField):
    def label_from_instance(self, hub):
        return f"{hub.name} ({hub.country})" if hub.country else hub.name


def published_hubs():
    return Hub.objects.filter(validation=Validation.PUBLISHED).only(
        "pk", "name", "country", "slug").order_by("name", "pk")


class StartForm(forms.Form):
    questionnaire = forms.ChoiceField(label=_("Questionnaire"))
    company = forms.CharField(
        label=_("Name of the company or organisation"), max_length=200,
        help_text=_("An assessment you take again for the same name joins that company's "
                    "earlier ones."))
    hub = HubChoice(queryset=Hub.objects.none(), required=False,
                    label=_("The hub that supports you (optional)"), empty_label=_("No hub"),
                    help_text=_("Its managers will see this assessment. T0 and T1 need a hub."))
    phase = forms.ChoiceField(choices=PHASE_CHOICES, required=False, initial="",
                              widget=forms.RadioSelect, label=_("Why you take it"))

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = questionnaire_choices()
        if hubs is None:
            self.fields["hub"].queryset = published_hubs()
        else:  # a manager for their hub's customer: no choice of hub
            del self.fields["hub"]
            self.fields["company"].help_text = (
                _("One of the hub's customers, or a new company."))


class ShareForm(forms.Form):
    add = HubChoice(queryset=Hub.objects.none(), required=False,
                    label=_("Share with another hub"), empty_label=_("Choose a hub"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = published_hubs()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("UTF-8, one assessment per row, with an external_id "
                                       "column (the columns of this site's export)."))


def describe_phase(phase) -> str:
    return i18n.phase_name(phase)
