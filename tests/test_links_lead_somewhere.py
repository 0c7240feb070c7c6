"""A link a person is shown leads to a page they may open.

For every demo account: the home page's links (the navigation and the cards),
then the links in the tab bars (``<nav>``) of each page those lead to. None may
answer 403 or 404: a tab the role may not open must not be shown to it.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db

ACCOUNTS = ["staff", "worker", "head", "keeper", "director", "accountant", "gate"]
# Not pages: files and exports (their own tests read them), the admin, signing
# out and the language switch.
SKIPPED = ("/admin/", "/accounts/", "/i18n/", "/static/", "/media/", "/files/")
DOWNLOADS = (".pdf", ".xlsx", ".png", ".csv", "/export/")


class Links(HTMLParser):
    """The page's links: all of them, and those inside a ``<nav>``."""

    def __init__(self):
        super().__init__()
        self.all, self.in_nav, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self.depth += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.all.append(href)
            if self.depth:
                self.in_nav.append(href)

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def links_of(page):
    parser = Links()
    parser.feed(page.content.decode())
    return parser


def is_page(href):
    url = urlparse(href)
    if url.scheme or url.netloc or not url.path.startswith("/"):
        return False
    path = url.path
    return not path.startswith(SKIPPED) and not any(
        path.endswith(end) or end in path for end in DOWNLOADS
    )


def pages(hrefs):
    return sorted({urldefrag(href)[0] for href in hrefs if is_page(href)})


def refused_links(client):
    """(where, url, status) of every link shown that does not open."""
    home = client.get("/")
    assert home.status_code == 200
    refused, tabs = [], set()
    for url in pages(links_of(home).all):
        answer = client.get(url)
        if answer.status_code != 200:
            refused.append(("/", url, answer.status_code))
        elif answer.get("Content-Type", "").startswith("text/html"):
            tabs.update(pages(links_of(answer).in_nav))
    for url in sorted(tabs):
        answer = client.get(url)
        if answer.status_code not in (200, 302):
            refused.append(("a tab bar", url, answer.status_code))
    return refused


def test_every_link_each_role_is_shown_opens(client):
    # One demo school for every account: building it is most of the test's time.
    call_command("seed_demo", verbosity=0)
    refused = {}
    for username in ACCOUNTS:
        client.force_login(get_user_model().objects.get(username=username))
        found = refused_links(client)
        if found:
            refused[username] = found

    assert refused == {}
