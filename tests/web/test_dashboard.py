"""The dashboard in real headless Chromium: it loads cleanly, every view follows the
filters, a click opens the evidence with the right words, and untrusted text stays text."""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.api.corpus import CALL, HOSTILE, HOSTILE_FLAGS, KHARKIV_STRIKE, STRIKE_1
from tests.web.browser import artifact_dir, console_errors, failed_requests, wait_ready
from tests.web.conftest import REPO


def ready_count(driver: Any) -> int:
    return int(driver.execute_script("return Number(document.body.dataset.ready || 0)"))


def open_page(driver: Any, site: str, path: str = "/") -> None:
    driver.get(site + path)
    wait_ready(driver, 1)


def reloaded(driver: Any, before: int) -> None:
    wait_ready(driver, before + 1)


def views(driver: Any) -> dict[str, Any]:
    """What each view shows, read from the page."""
    return driver.execute_script(
        """
        const q = (s) => [...document.querySelectorAll(s)];
        return {
          bars: q('#timeline .bars rect').length,
          legend: q('#timeline .legend-item').map((b) => b.textContent),
          dots: q('#map circle.dot').map((c) => c.dataset.id),
          countries: q('#map path.country').length,
          nodes: q('#network g.node').map((g) => g.dataset.id).sort(),
          rows: q('#events tbody tr').map((tr) => tr.dataset.id),
          status: document.querySelector('#events .status').textContent,
        };
        """
    )


def test_loads_cleanly_and_saves_a_screenshot(driver: Any, site: str) -> None:
    open_page(driver, site)
    shown = views(driver)
    assert shown["countries"] > 170
    assert shown["bars"] > 0 and any("material conflict (7)" in text for text in shown["legend"])
    assert sorted(shown["dots"]) == ["h1", "h2", "h5"]
    assert {"ISR", "LBN", "RUS", "UKR", "USA"} <= set(shown["nodes"])
    assert len(shown["rows"]) == 9 and shown["status"] == "1\u20139 of 9 events"
    assert driver.find_element(By.ID, "store-summary").text == "9 events \u00b7 6 happenings \u00b7 7 articles"
    timings = driver.execute_script("return window.dotterelMetrics.timings")
    assert timings[0]["kind"] == "load" and timings[0]["ms"] > 0
    assert console_errors(driver) == [] and failed_requests(driver, site) == []
    driver.save_screenshot(str(artifact_dir(REPO) / "dashboard.png"))


def test_filtering_by_actor_changes_every_view(driver: Any, site: str) -> None:
    open_page(driver, site)
    before = views(driver)
    box = driver.find_element(By.CSS_SELECTOR, "#filters input[name=actor]")
    box.send_keys("RUS", Keys.ENTER)
    reloaded(driver, 1)
    after = views(driver)
    assert after["rows"] == [f"{KHARKIV_STRIKE.article.id}:e1"]
    assert after["status"] == "1\u20131 of 1 events"
    assert after["dots"] == ["h2"]  # Kharkiv
    assert after["nodes"] == ["RUS", "UKR"]
    assert after["bars"] < before["bars"] and any("material conflict (1)" in text for text in after["legend"])
    assert "actor=RUS" in driver.current_url
    chip = driver.find_element(By.CSS_SELECTOR, "#chips .chip[data-key=actor]")
    assert chip.text.startswith("actor: RUS")
    chip.click()  # removing the filter brings everything back
    reloaded(driver, 2)
    assert views(driver)["rows"] == before["rows"]


def test_clicking_a_row_opens_its_evidence_with_the_words_marked(driver: Any, site: str) -> None:
    open_page(driver, site)
    event_id = f"{STRIKE_1.article.id}:e1"
    driver.find_element(By.CSS_SELECTOR, f'#events tbody tr[data-id="{event_id}"]').click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "evidence").get_attribute("data-state") == "ready")
    card = driver.find_element(By.CSS_SELECTOR, f'#evidence article.mention[data-id="{event_id}"]')
    marks = {m.get_attribute("data-role"): m.text for m in card.find_elements(By.CSS_SELECTOR, ".sentence mark")}
    assert marks == {
        "actor": "Israeli forces",
        "trigger": "struck",
        "recipient": "Hezbollah",
        "place": "Tyre",
        "date": "Tuesday",
        "source": "the army said",
    }
    sentence = card.find_element(By.CSS_SELECTOR, ".sentence").text
    assert sentence == "Israeli forces struck Hezbollah targets in Tyre on Tuesday, the army said."
    fields = {dd.get_attribute("data-field"): dd for dd in card.find_elements(By.CSS_SELECTOR, "dl.fields dd")}
    words = {name: dd.find_element(By.CSS_SELECTOR, "q.words").text for name, dd in fields.items()}
    assert words == {"trigger": "struck", "actor": "Israeli forces", "recipient": "Hezbollah", "date": "Tuesday", "place": "Tyre", "source": "the army said"}
    assert "Israel Defense Forces (ISRMIL)" in fields["actor"].text and "2024-10-01" in fields["date"].text
    assert f"event={event_id}" in driver.current_url.replace("%3A", ":")
    row = driver.find_element(By.CSS_SELECTOR, f'#events tbody tr[data-id="{event_id}"]')
    assert "selected" in row.get_attribute("class")


def test_clicking_a_map_dot_opens_the_happening(driver: Any, site: str) -> None:
    open_page(driver, site)
    # Tyre and Jerusalem overlap on the whole world: zoom in with the wheel first
    for _ in range(8):
        dot = driver.find_element(By.CSS_SELECTOR, '#map circle.dot[data-id="h1"]')
        ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(dot), 0, -200).perform()
    view = driver.execute_script("return document.querySelector('#map svg').getAttribute('viewBox')").split()
    assert float(view[2]) < 100
    driver.find_element(By.CSS_SELECTOR, '#map circle.dot[data-id="h1"]').click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "evidence").get_attribute("data-state") == "ready")
    assert driver.find_element(By.CSS_SELECTOR, "#evidence h2").text == "Happening 1"
    mentions = driver.find_elements(By.CSS_SELECTOR, "#evidence article.mention")
    assert len(mentions) == 3
    triggers = [m.find_element(By.CSS_SELECTOR, "mark.role-trigger").text for m in mentions]
    assert triggers == ["struck", "struck", "struck"]
    places = [m.find_element(By.CSS_SELECTOR, "mark.role-place").text for m in mentions]
    assert places == ["Tyre", "Tyre", "Tyre"]


def test_network_and_timeline_set_filters(driver: Any, site: str) -> None:
    open_page(driver, site)
    driver.find_element(By.CSS_SELECTOR, '#network g.node[data-id="UKR"] circle').click()
    reloaded(driver, 1)
    assert "party=UKR" in driver.current_url
    assert views(driver)["status"] == "1\u20132 of 2 events"
    # drag across the right part of the timeline (offsets from its centre): a date range for every view
    overlay = driver.find_element(By.CSS_SELECTOR, "#timeline .brush-overlay")
    width = overlay.size["width"]
    ActionChains(driver).move_to_element_with_offset(overlay, int(width * 0.1), 0).click_and_hold().move_by_offset(
        int(width * 0.35), 0
    ).release().perform()
    reloaded(driver, 2)
    form = driver.execute_script("const f = document.getElementById('filters').elements; return [f.since.value, f.until.value]")
    assert "2024-09-20" < form[0] < form[1] <= "2024-10-05", form
    assert f"since={form[0]}" in driver.current_url and f"until={form[1]}" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "#timeline .brush-selection").get_attribute("visibility") == "visible"
    driver.find_element(By.CSS_SELECTOR, "#timeline button.clear-range").click()
    reloaded(driver, 3)
    assert "since=" not in driver.current_url


def test_article_view_highlights_every_kind(driver: Any, site: str) -> None:
    event_id = f"{CALL.article.id}:e1"
    open_page(driver, site, f"/?event={event_id}")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "evidence").get_attribute("data-state") == "ready")
    driver.find_element(By.CSS_SELECTOR, "#evidence button.open-article").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "article").get_attribute("data-state") == "ready")
    text = driver.find_element(By.CSS_SELECTOR, "#article .article-text")
    assert text.text == CALL.article.text
    found = driver.execute_script(
        """
        const out = {};
        for (const s of document.querySelectorAll('#article .article-text span[data-kinds]'))
          for (const k of s.dataset.kinds.split(' ')) (out[k] = out[k] || []).push(s.textContent);
        return out;
        """
    )
    assert found["actor"] == ["Yoav Gallant"] and found["recipient"] == ["Lloyd Austin"]
    assert found["trigger"] == ["spoke with"] and found["date"] == ["Monday"]
    assert "".join(found["quote"]) == "We will not stop,"
    focused = driver.execute_script("return [...document.querySelectorAll('#article .article-text span.focus')].map((s) => s.textContent)")
    assert "spoke with" in focused
    driver.find_element(By.CSS_SELECTOR, "#article button.close").click()
    assert not driver.find_element(By.ID, "article").is_displayed()


def test_untrusted_text_is_shown_as_text_everywhere(driver: Any, site: str) -> None:
    event_id = f"{HOSTILE.article.id}:e1"
    open_page(driver, site, f"/?event={event_id}&article={HOSTILE.article.id}")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "article").get_attribute("data-state") == "ready")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "evidence").get_attribute("data-state") == "ready")
    # hover and click over everything the hostile article put on the page
    for element in driver.find_elements(By.CSS_SELECTOR, "#article .article-text span, #evidence mark, #evidence q"):
        ActionChains(driver).move_to_element(element).perform()
    report = driver.execute_script(
        """
        const flags = arguments[0];
        const handlers = [];
        for (const node of document.querySelectorAll('*'))
          for (const a of node.attributes) if (a.name.toLowerCase().startsWith('on')) handlers.push(node.tagName + ' ' + a.name);
        return {
          ran: flags.filter((f) => f in window),
          scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
          images: document.querySelectorAll('img, iframe, object, embed, foreignObject').length,
          handlers,
          jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^https?:/.test(a.href)).map((a) => a.href),
          articleText: document.querySelector('#article .article-text').textContent,
          title: document.querySelector('#article h2').textContent,
          meta: document.querySelector('#article .meta').textContent,
          sentence: document.querySelector('#evidence .sentence').textContent,
          evidence: document.querySelector('#evidence .body').textContent,
          table: document.querySelector('#events table').textContent,
          network: [...document.querySelectorAll('#network text')].map((t) => t.textContent),
        };
        """,
        list(HOSTILE_FLAGS),
    )
    assert report["ran"] == []
    assert report["scripts"] == ["/static/js/main.js"]
    assert report["images"] == 0 and report["handlers"] == [] and report["jsLinks"] == []
    assert report["articleText"] == HOSTILE.article.text
    assert report["title"] == "<img src=x onerror=__pwned6=1>Breaking <b>news</b>"
    assert "<script>__pwned4=1</script>" in report["meta"] and "javascript:__pwned5=1" in report["meta"]
    assert "<script>__pwned1=1</script>" in report["sentence"] and "<img src=x onerror=__pwned2=1>" in report["sentence"]
    assert "javascript:__pwned5=1" in report["evidence"]
    assert "<b onmouseover=__pwned8=1>Jerusalem</b>" in report["table"] and "<svg onload=__pwned9=1>" in report["table"]
    assert "<IMG SRC=X ONERROR=__PWNED7=1>" in report["network"]
    # the javascript: URL is text, not a link
    unsafe = driver.find_elements(By.CSS_SELECTOR, "#article .meta .unsafe-url")
    assert [u.text for u in unsafe] == ["javascript:__pwned5=1"]
    # the hostile words can be searched for, and the answer is still text
    box = driver.find_element(By.CSS_SELECTOR, "#filters input[name=text]")
    driver.find_element(By.CSS_SELECTOR, "#article button.close").click()
    before = ready_count(driver)
    box.send_keys("<script>", Keys.ENTER)
    reloaded(driver, before)
    assert views(driver)["status"] == "1\u20131 of 1 events"
    assert driver.execute_script("return arguments[0].filter((f) => f in window)", list(HOSTILE_FLAGS)) == []


def test_happenings_unit_and_type_legend(driver: Any, site: str) -> None:
    open_page(driver, site)
    driver.find_element(By.CSS_SELECTOR, "#filters input[name=unit][value=happenings]").click()
    reloaded(driver, 1)
    shown = views(driver)
    assert shown["status"] == "1\u20136 of 6 happenings" and "h1" in shown["rows"]
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#events thead th")]
    assert "Mentions \u25bc" not in headers and any(h.startswith("Mentions") for h in headers)
    driver.find_element(By.CSS_SELECTOR, "#events thead button.sort[title='Sort by mentions']").click()
    reloaded(driver, 2)
    assert views(driver)["rows"][0] == "h1"  # three mentions
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name=stack]")).select_by_value("type")
    reloaded(driver, 3)
    legend = driver.find_elements(By.CSS_SELECTOR, "#timeline .legend-item")
    assert {b.text.split(" (")[0] for b in legend} == {"CONSULT", "ACCUSE", "COERCE", "ASSAULT"}
    next(b for b in legend if b.text.startswith("ACCUSE")).click()
    reloaded(driver, 4)
    assert views(driver)["status"] == "1\u20131 of 1 happenings"
    assert "type=ACCUSE" in driver.current_url and "unit=happenings" in driver.current_url and "stack=type" in driver.current_url
