"""Watches: saved searches that report, once per destination, what is new.

matching (search hits → keys and kinds of news), state (watches and their
hits in the database), manage (add, list, show, remove), run (one `papers
watch run`), and the deliveries: report (text, JSON), atom, email, webhook.
"""
