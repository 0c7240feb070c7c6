"""Notices beyond the bell: the outbox, e-mail and group robots, digests, reminders.

``logistics.notifications.notify`` writes the bell rows and the outbox rows in the
transaction of the change; ``delivery`` sends them from the worker; ``channels``
knows how each channel is addressed; ``reminders`` asks the apps what waits too
long. See README "Notices".
"""
