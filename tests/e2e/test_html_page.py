"""The evidence page (`check --format html`) in a real browser: Debian's headless Chromium, driven
through its chromedriver by Selenium. The page of the repository's corpus loads with no console
error, shows every finding of the JSON output (by fingerprint), and its filters hide what they
should; a screenshot is kept at .ci/artifacts/evidence-page.png.

Run by .ci/run, which installs the Debian packages chromium and chromium-driver. Selenium Manager
stays offline: the driver and the browser are given by path, never downloaded. Without Chromium the
test is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from fixtures import REPO, binary

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = REPO / ".ci" / "artifacts"

# Selenium Manager must never try to fetch a driver or a browser (the network is closed).
os.environ["SE_OFFLINE"] = "true"

# The flags this closed network needs: no background connections, no updates, no sync.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1280,2000",
]


def check(format_: str, project: Path) -> str:
    run = subprocess.run(
        [binary(), "check", "--format", format_, "."], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert run.returncode in (0, 1), f"exit {run.returncode}: {run.stderr}"
    return run.stdout


@pytest.fixture(scope="module")
def driver():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = f"{CHROMIUM} or {CHROMEDRIVER} is missing (Debian packages chromium, chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": .ci/run installs them")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.TemporaryDirectory(prefix="claimcheck-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile.name}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        profile.cleanup()


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "evidence.html"
    path.write_text(check("html", REPO), encoding="utf-8")
    return path


def corpus_fingerprints() -> list[str]:
    return [f["fingerprint"] for f in json.loads(check("json", REPO))["findings"]]


def severe(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e.get("level") == "SEVERE"]


def test_the_corpus_page_shows_every_finding_without_errors(driver, page):
    from selenium.webdriver.common.by import By

    driver.get(page.as_uri())
    assert driver.title == "claimcheck — evidence page"
    fingerprints = corpus_fingerprints()
    assert fingerprints, "the corpus has findings"
    articles = driver.find_elements(By.CSS_SELECTOR, "article.finding")
    assert sorted(a.get_attribute("data-fingerprint") for a in articles) == sorted(fingerprints)
    assert all(a.is_displayed() for a in articles)
    # The script ran: the filters are shown and count the findings.
    assert driver.find_element(By.ID, "filters").is_displayed()
    assert driver.find_element(By.ID, "shown").text == f"{len(fingerprints)} of {len(fingerprints)} findings shown"
    # The conflict's values are drawn, its quotes marked.
    assert driver.find_elements(By.CSS_SELECTOR, "article.finding svg rect.core")
    assert driver.find_elements(By.CSS_SELECTOR, "blockquote mark")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 800), 16000))
    driver.save_screenshot(str(ARTIFACTS / "evidence-page.png"))
    assert (ARTIFACTS / "evidence-page.png").stat().st_size > 0
    assert severe(driver.get_log("browser")) == []


def test_the_filters_hide_and_show_findings(driver, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(page.as_uri())
    articles = driver.find_elements(By.CSS_SELECTOR, "article.finding")
    errors = [a for a in articles if a.get_attribute("data-severity") == "error"]
    others = [a for a in articles if a.get_attribute("data-severity") != "error"]
    assert errors and others, "the corpus has errors and other findings"

    error_box = driver.find_element(By.CSS_SELECTOR, "#filters input[name='severity'][value='error']")
    error_box.click()
    assert not any(a.is_displayed() for a in errors)
    assert all(a.is_displayed() for a in others)
    entry = driver.find_element(By.ID, "toc-" + errors[0].get_attribute("data-fingerprint"))
    assert not entry.is_displayed()
    error_box.click()
    assert all(a.is_displayed() for a in articles)

    code = articles[0].get_attribute("data-code")
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name='code']")).select_by_value(code)
    for article in articles:
        assert article.is_displayed() == (article.get_attribute("data-code") == code)
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name='code']")).select_by_value("")

    source = "reference-india-russia-2000"
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name='source']")).select_by_value(source)
    shown = [a for a in articles if a.is_displayed()]
    assert shown and len(shown) < len(articles)
    assert all(source in a.get_attribute("data-sources").split("\t") for a in shown)
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name='source']")).select_by_value("")

    # Unchecking "unreviewed" hides exactly the findings without a review (whether or not the
    # corpus has a reviews.toml).
    driver.find_element(By.CSS_SELECTOR, "#filters input[name='review'][value='unreviewed']").click()
    for article in articles:
        assert article.is_displayed() == (article.get_attribute("data-review") != "unreviewed")
    assert severe(driver.get_log("browser")) == []
