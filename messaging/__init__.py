"""The mail room: outgoing e-mails, the background send task, retries.

May import events (for the event an e-mail is about) and nothing else of ours.
"""
