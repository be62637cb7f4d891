from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.my_hubs, name="accounts-home"),
    path("claim/<slug:slug>/", views.claim_hub, name="accounts-claim"),
    path("coordinator/", views.coordinator, name="accounts-coordinator"),
    path("claims/<int:pk>/approve/", views.approve_claim, name="accounts-approve"),
    path("claims/<int:pk>/refuse/", views.refuse_claim, name="accounts-refuse"),
    path("hubs/<slug:slug>/invite/", views.invite_manager, name="accounts-invite"),
    path("invitations/<str:token>/", views.accept_invitation, name="accounts-accept"),
    path("my-data/", views.my_data, name="accounts-my-data"),
    path("tokens/", views.tokens, name="accounts-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="accounts-revoke-token"),
    path("", include("allauth.urls")),
]
