import re

from playwright.sync_api import expect

from tests.factories import QuestionFactory, TrackFactory


def test_a_visitor_opens_the_home_page_and_moves_to_the_faq(page, live_server):
    TrackFactory(name="Clinical Track", slug="clinical")
    QuestionFactory(question="Can I train online?", answer="Yes, the first module is online.")

    page.goto(live_server.url)
    expect(page).to_have_title(re.compile("Imago International Training Institute"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Clinical Track")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="FAQ").click()

    expect(page).to_have_url(f"{live_server.url}/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Frequently asked questions")
    page.get_by_text("Can I train online?").click()
    expect(page.get_by_text("Yes, the first module is online.")).to_be_visible()


def test_the_stylesheets_are_served_and_applied(page, live_server):
    stylesheets = []
    page.on(
        "response",
        lambda response: (
            stylesheets.append(response) if response.request.resource_type == "stylesheet" else None
        ),
    )

    page.goto(live_server.url)

    assert len(stylesheets) == 2
    assert all(response.status == 200 for response in stylesheets)
    # Bootstrap's body font; without the stylesheet the browser's default serif font remains.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("system-ui")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(live_server.url)

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    focused.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_the_runs_without_javascript_really_run_no_script(page, javascript):
    page.set_content(
        "<title>as sent</title><script>document.title = 'changed by a script'</script>"
    )

    expect(page).to_have_title("changed by a script" if javascript else "as sent")
