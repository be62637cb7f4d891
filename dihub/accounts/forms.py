from django import forms

from dihub.catalogue.models import Hub


class ClaimForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000,
        help_text="Who you are and your role at the hub.",
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")


class CoordinatorInviteForm(InviteForm):
    hub = forms.SlugField(label="Hub (its address name, e.g. robotics-hub-stuttgart)")

    def clean_hub(self):
        hub = Hub.objects.filter(slug=self.cleaned_data["hub"]).first()
        if hub is None:
            raise forms.ValidationError("No hub with this name.")
        return hub


class TokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100,
                           help_text="What the token is for, e.g. “CRM sync”.")


class EraseForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password",
                               strip=False, max_length=4096)
    confirm = forms.BooleanField(label="I understand that this cannot be undone.")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("This is not your password.")
        return self.cleaned_data["password"]
