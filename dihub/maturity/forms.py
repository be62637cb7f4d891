from django import forms

from dihub.catalogue.models import Hub, Validation

from . import assessments, loader

PHASE_CHOICES = [("", "A self-assessment"),
                 ("t0", "T0: before the hub's support begins"),
                 ("t1", "T1: after the hub's support, to measure the progress")]


def questionnaire_choices():
    return [(q["key"], q["title"]) for q in loader.available()]


class HubChoice(forms.ModelChoiceField):
    def label_from_instance(self, hub):
        return f"{hub.name} ({hub.country})" if hub.country else hub.name


def published_hubs():
    return Hub.objects.filter(validation=Validation.PUBLISHED).only(
        "pk", "name", "country", "slug").order_by("name", "pk")


class StartForm(forms.Form):
    questionnaire = forms.ChoiceField(label="Questionnaire")
    company = forms.CharField(
        label="Name of the company or organisation", max_length=200,
        help_text="An assessment you take again for the same name joins that company's "
                  "earlier ones.")
    hub = HubChoice(queryset=Hub.objects.none(), required=False,
                    label="The hub that supports you (optional)", empty_label="No hub",
                    help_text="Its managers will see this assessment. T0 and T1 need a hub.")
    phase = forms.ChoiceField(choices=PHASE_CHOICES, required=False, initial="",
                              widget=forms.RadioSelect, label="Why you take it")

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = questionnaire_choices()
        if hubs is None:
            self.fields["hub"].queryset = published_hubs()
        else:  # a manager for their hub's customer: no choice of hub
            del self.fields["hub"]
            self.fields["company"].help_text = (
                "One of the hub's customers, or a new company.")


class ShareForm(forms.Form):
    add = HubChoice(queryset=Hub.objects.none(), required=False,
                    label="Share with another hub", empty_label="Choose a hub")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = published_hubs()


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file",
                           help_text="UTF-8, one assessment per row, with an external_id "
                                     "column (the columns of this site's export).")


def describe_phase(phase) -> str:
    return assessments.PHASES.get(phase, phase)
