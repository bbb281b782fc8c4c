from django.urls import path

from messaging.api import views

# Fixed paths come before the <uuid:id> patterns next to them.
urlpatterns = [
    path("conversations", views.ConversationListView.as_view(), name="conversations"),
    path(
        "conversations/<uuid:id>/messages",
        views.ConversationMessagesView.as_view(),
        name="conversation-messages",
    ),
    path("conversations/<uuid:id>/read", views.ConversationReadView.as_view(), name="conversation-read"),
    path("messages", views.MessageSendView.as_view(), name="messages"),
    path("messages/unread-count", views.UnreadCountView.as_view(), name="messages-unread-count"),
    path("messages/search", views.MessageSearchView.as_view(), name="messages-search"),
    path("messages/<uuid:id>", views.MessageDetailView.as_view(), name="message-detail"),
    path("messages/<uuid:id>/read", views.MessageReadView.as_view(), name="message-read"),
    path(
        "attachments/<uuid:id>/download", views.AttachmentDownloadView.as_view(), name="attachment-download"
    ),
    path("notifications", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all", views.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/settings", views.NotificationSettingsView.as_view(), name="notification-settings"),
    path("notifications/<uuid:id>", views.NotificationDetailView.as_view(), name="notification-detail"),
    path("notifications/<uuid:id>/read", views.NotificationReadView.as_view(), name="notification-read"),
]
