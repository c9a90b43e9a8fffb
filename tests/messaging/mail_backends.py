"""Test doubles of the mail server (not of our code): Django e-mail backends."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class DownMailServer(BaseEmailBackend):
    """A mail server that is down: every send raises, as smtplib does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
