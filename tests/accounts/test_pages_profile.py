"""The profile and settings page: details, learner profile, picture, skills, account deletion."""

import pytest
from django.urls import reverse

from accounts.models import LearnerProfile, User, UserSkill
from mentors.models import Category
from tests.accounts import images
from tests.accounts.test_pages_auth import assert_accessible_page, assert_field_error
from tests.factories import DEFAULT_PASSWORD, UserFactory, UserSkillFactory

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")


@pytest.fixture
def user(client):
    user = UserFactory(full_name="Ada Lovelace")
    client.force_login(user)
    return user


def details(**overrides) -> dict:
    return {
        "full_name": "Ada Lovelace",
        "bio": "",
        "phone": "",
        "location_city": "",
        "location_country": "",
        "timezone": "UTC",
        "currency": "USD",
        "preferred_language": "en",
        **overrides,
    }


def test_the_page_has_every_section_labelled_and_reachable_by_keyboard(client, user):
    response = client.get(ACCOUNT)
    page = assert_accessible_page(response)
    html = response.content.decode()
    for heading in ("Your picture", "Edit your details", "Learner profile", "Skills", "Security"):
        assert heading in html
    assert 'alt="Your profile picture"' in html
    assert reverse("accounts:password-change") in html
    assert reverse("accounts:account-delete") in html
    for field_id in ("id_currency", "id_preferred_language", "id_location_country", "id_timezone"):
        assert field_id in page.label_targets


def test_pickers_offer_the_real_lists(client, user):
    html = client.get(ACCOUNT).content.decode()
    assert '<option value="EUR">EUR · Euro</option>' in html
    assert '<option value="de">German</option>' in html
    assert '<option value="DE">Germany</option>' in html
    assert '<option value="Europe/Berlin">' in html


def test_saving_details_with_bio_phone_and_location(client, user):
    response = client.post(
        ACCOUNT,
        details(
            bio="I like engines.",
            phone="+44 20 7946 0018",
            location_city="London",
            location_country="GB",
            currency="GBP",
            preferred_language="de",
        ),
        follow=True,
    )
    assert b"Your details are saved." in response.content
    user.refresh_from_db()
    assert (user.bio, user.phone, user.location_city, user.location_country) == (
        "I like engines.",
        "+442079460018",
        "London",
        "GB",
    )
    assert (user.currency, user.preferred_language) == ("GBP", "de")


def test_a_bad_phone_number_is_shown_on_its_field_and_nothing_is_saved(client, user):
    response = client.post(ACCOUNT, details(full_name="Changed", phone="12"))
    assert response.status_code == 200
    assert_field_error(response, "id_phone", "Use a valid phone number")
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("Ada Lovelace", "")


def test_learner_profile_is_saved_from_its_form(client, user):
    response = client.post(
        reverse("accounts:learner-profile"),
        {
            "learner-grade_level": "graduate",
            "learner-school_name": "Cambridge",
            "learner-learning_goals": "Finish the thesis.",
            "learner-interests": "maths, poetry, ",
        },
        follow=True,
    )
    assert b"Your learner profile is saved." in response.content
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.grade_level, profile.school_name, profile.interests) == (
        "graduate",
        "Cambridge",
        ["maths", "poetry"],
    )


def test_uploading_a_picture_shows_it_on_the_page(client, user):
    response = client.post(
        reverse("accounts:avatar-upload"), {"avatar-file": images.upload(images.image_bytes())}, follow=True
    )
    assert b"Your new picture is saved." in response.content
    user.refresh_from_db()
    assert user.avatar.url in response.content.decode()
    assert b"Remove picture" in response.content


def test_a_bad_upload_is_explained_on_the_file_field(client, user):
    response = client.post(
        reverse("accounts:avatar-upload"), {"avatar-file": images.upload(images.pdf_bytes())}
    )
    assert_field_error(response, "id_avatar-file", "Upload a JPG, PNG, GIF or WebP picture.")
    user.refresh_from_db()
    assert not user.avatar


def test_removing_the_picture_goes_back_to_the_default(client, user):
    client.post(reverse("accounts:avatar-upload"), {"avatar-file": images.upload(images.image_bytes())})
    response = client.post(reverse("accounts:avatar-remove"), follow=True)
    assert b"/static/img/default-avatar.svg" in response.content


def test_adding_and_removing_skills(client, user, taxonomy):
    category = Category.objects.get(slug="tech-digital-innovation")  # from the taxonomy migration
    added = client.post(
        reverse("accounts:skill-add"),
        {
            "skill-skill_name": "Rust",
            "skill-category_id": str(category.pk),
            "skill-proficiency_level": "beginner",
        },
        follow=True,
    )
    assert b"Rust is added to your skills." in added.content
    row = UserSkill.objects.get(user=user)

    duplicate = client.post(
        reverse("accounts:skill-add"), {"skill-skill_name": "rust", "skill-proficiency_level": "expert"}
    )
    assert b"already on your profile" in duplicate.content

    removed = client.post(reverse("accounts:skill-remove", args=[row.pk]), follow=True)
    assert b"The skill is removed." in removed.content
    assert not UserSkill.objects.filter(user=user).exists()


def test_someone_elses_skill_cannot_be_removed_from_the_page(client, user):
    theirs = UserSkillFactory()
    response = client.post(reverse("accounts:skill-remove", args=[theirs.pk]), follow=True)
    assert b"You have no skill with this id." in response.content
    assert UserSkill.objects.filter(pk=theirs.pk).exists()


def test_deleting_the_account_needs_the_password_and_logs_out(client, user):
    page = client.get(reverse("accounts:account-delete"))
    assert_accessible_page(page)

    wrong = client.post(reverse("accounts:account-delete"), {"password": "nope"})
    assert_field_error(wrong, "id_password", "The password is not correct.")

    done = client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD}, follow=True)
    assert b"Your account is deleted." in done.content
    assert "_auth_user_id" not in client.session
    assert User.objects.get(pk=user.pk).deleted_at is not None


@pytest.mark.parametrize(
    "name",
    ["accounts:learner-profile", "accounts:avatar-upload", "accounts:avatar-remove", "accounts:skill-add"],
)
def test_the_forms_need_a_logged_in_user(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
