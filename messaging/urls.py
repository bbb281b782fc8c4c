from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/with/<uuid:user_id>/", views.thread, name="thread"),
    path("messages/socket-token/", views.socket_token, name="socket-token"),
    path("messages/<uuid:message_id>/edit/", views.message_edit, name="message-edit"),
    path("messages/<uuid:message_id>/delete/", views.message_delete, name="message-delete"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<uuid:notification_id>/read/", views.notification_read, name="notification-read"),
    path(
        "notifications/<uuid:notification_id>/delete/", views.notification_delete, name="notification-delete"
    ),
]
