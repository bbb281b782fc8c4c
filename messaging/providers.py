"""Outside channels for notifications (mobile push, SMS) behind one small interface.

`MESSAGING_PUSH_PROVIDER` and `MESSAGING_SMS_PROVIDER` name a class; the default is
`RecordOnlyProvider`, which calls no outside service: the attempt is kept in NotificationDelivery
with status "recorded", so staff can see what would have gone out until a real gateway (FCM,
APNs, Twilio, ...) is configured with a class of its own.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from messaging.models import DeliveryChannel, DeliveryStatus, Notification


@dataclass(frozen=True)
class DeliveryResult:
    status: str  # a DeliveryStatus value
    detail: str = ""
    external_id: str = ""


class NotificationProvider(abc.ABC):
    """Sends one notification over one channel. Raise OSError for a temporary failure (the task
    retries with back-off); return FAILED for a permanent one (no device, a wrong number)."""

    @abc.abstractmethod
    def send(self, *, notification: Notification, channel: str) -> DeliveryResult: ...

    @property
    def name(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}"


class RecordOnlyProvider(NotificationProvider):
    def send(self, *, notification: Notification, channel: str) -> DeliveryResult:
        return DeliveryResult(
            status=DeliveryStatus.RECORDED,
            detail=f"No {channel} provider is configured; the delivery is recorded only.",
        )


_SETTING_FOR_CHANNEL = {
    DeliveryChannel.PUSH: "MESSAGING_PUSH_PROVIDER",
    DeliveryChannel.SMS: "MESSAGING_SMS_PROVIDER",
}


@cache
def _provider(path: str) -> NotificationProvider:
    provider = import_string(path)()
    if not isinstance(provider, NotificationProvider):
        raise TypeError(f"{path} is not a NotificationProvider")
    return provider


def provider_for(channel: str) -> NotificationProvider:
    return _provider(getattr(settings, _SETTING_FOR_CHANNEL[DeliveryChannel(channel)]))
