"""Two members of a group in two browsers: one posts, the other sees the post arrive live on the
group page (no reload), opens it and replies; the reply arrives live on the first browser."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from community.models.groups import Comment, Post
from tests.community.group_factories import a_group, member_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_post_and_a_reply_arrive_live_in_the_other_browser(open_as):
    group = a_group(name="Design critique")
    alice = member_of(group, UserFactory(full_name="Alice Able"))
    bob = member_of(group, UserFactory(full_name="Bob Baker"))
    alice_page, bob_page = open_as(alice), open_as(bob)

    bob_page.goto(reverse("community:group", args=[group.pk]))
    expect(bob_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    bob_page.evaluate("window.stillTheSamePage = true")

    alice_page.goto(reverse("community:post-new", args=[group.pk]))
    alice_page.get_by_label("Title").fill("Feedback on my landing page")
    alice_page.get_by_label("Body").fill("Is the **headline** clear?")
    alice_page.get_by_role("button", name="Preview").click()
    expect(alice_page.locator("[data-preview-output] strong")).to_have_text("headline")
    alice_page.get_by_role("button", name="Publish post").click()
    expect(alice_page.get_by_test_id("post-title")).to_have_text("Feedback on my landing page")
    expect(alice_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")

    # Bob's group page shows it without a reload, inside the polite live region.
    new_post = bob_page.get_by_test_id("post-list").get_by_role("link", name="Feedback on my landing page")
    expect(new_post).to_be_visible()
    assert bob_page.evaluate("window.stillTheSamePage") is True
    assert bob_page.locator('[aria-live="polite"] [data-post-list]').count() == 1

    new_post.click()
    expect(bob_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    bob_page.get_by_label("Your comment").fill("Yes, and the button could be bigger.")
    bob_page.get_by_role("button", name="Send comment").click()

    comments = alice_page.get_by_test_id("comment-list")
    expect(comments).to_contain_text("Yes, and the button could be bigger.")
    # Alice replies to Bob's comment, one level deep; it arrives in Bob's thread live too.
    alice_page.get_by_text("Reply", exact=False).first.click()
    alice_page.get_by_label("Your reply").fill("Thanks Bob!")
    alice_page.get_by_role("button", name="Send reply").click()
    expect(bob_page.locator("[data-replies-of]")).to_contain_text("Thanks Bob!")

    post = Post.objects.get(author=alice)
    top = Comment.objects.get(author=bob)
    assert Comment.objects.get(author=alice).parent_id == top.pk and top.post_id == post.pk
