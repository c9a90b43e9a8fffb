"""Test doubles of the mail server (not of our code): Django e-mail backends."""

import smtplib

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class DownMailServer(BaseEmailBackend):
    """A mail server that is down: every send raises, as smtplib does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class TimedMailServer(locmem.EmailBackend):
    """A working mail server that notes the connection timeout it was given."""

    timeouts = []

    def __init__(self, *, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.timeouts.append(timeout)
