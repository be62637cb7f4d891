from django.urls import path

from . import views

urlpatterns = [
    path("hubs/<slug:slug>/edit/", views.edit, name="editing-edit"),
    path("hubs/<slug:slug>/edit/submit/", views.submit, name="editing-submit"),
    path("hubs/<slug:slug>/edit/withdraw/", views.withdraw, name="editing-withdraw"),
    path("hubs/<slug:slug>/edit/still-current/", views.confirm_current,
         name="editing-confirm-current"),
    path("hubs/<slug:slug>/review/", views.review, name="editing-review"),
    path("hubs/<slug:slug>/review/publish/", views.publish, name="editing-publish"),
    path("hubs/<slug:slug>/review/send-back/", views.send_back, name="editing-send-back"),
    path("hubs/<slug:slug>/history/", views.history, name="editing-history"),
    path("hubs/<slug:slug>/history/<int:pk>/revert/", views.revert, name="editing-revert"),
    path("hubs/<slug:slug>/archive/", views.archive, name="editing-archive"),
    path("hubs/<slug:slug>/restore/", views.restore, name="editing-restore"),
    path("editing/register/", views.register, name="editing-register"),
]
