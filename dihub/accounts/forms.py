from django import forms
from django.utils.translation import gettext_lazy as _

from dihub.catalogue.models import Hub


class ClaimForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000,
        label=_("Message"), help_text=_("Who you are and your role at the hub."),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class CoordinatorInviteForm(InviteForm):
    hub = forms.SlugField(label=_("Hub (its address name, e.g. robotics-hub-stuttgart)"))

    def clean_hub(self):
        hub = Hub.objects.filter(slug=self.cleaned_data["hub"]).first()
        if hub is None:
            raise forms.ValidationError(_("No hub with this name."))
        return hub


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “CRM sync”."))


class EraseForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label=_("Your password"),
                               strip=False, max_length=4096)
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("This is not your password."))
        return self.cleaned_data["password"]
