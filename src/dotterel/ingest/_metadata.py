"""What a page's markup says about it: JSON-LD, OpenGraph and meta tags, ``<time>``.

Each value is taken from the most specific place that states it. The publication
date is read, in this order, from JSON-LD (``datePublished`` of the article), from
meta tags (``article:published_time``, ``pubdate``, Dublin Core, ...) and
``itemprop=datePublished``, from ``<time>`` elements outside figures, captions,
asides and lists of other stories, and last from a date in the URL's path.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from dotterel.ingest._dates import date_from_url, parse_date

__all__ = ["PageMetadata", "page_metadata", "language_code"]


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: _dt.date | None = None
    #: Where the date came from: "json-ld", "meta", "time", "url".
    published_from: str | None = None
    url: str | None = None
    language: str | None = None


_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "SocialMediaPosting",
        "TechArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "DiscussionForumPosting",
        "PressRelease",
    )
)
_MEDIA_TYPES = frozenset(
    t.lower() for t in ("ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph", "Clip")
)

#: Meta tags naming the publication date, most specific first.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "article.published",
    "article_date_original",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "publication_date",
    "original-publish-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
    "citation_publication_date",
    "citation_date",
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "title", "headline")
_PUBLISHER_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "sailthru.author", "parsely-author")
_URL_META = ("og:url", "twitter:url")

#: Containers whose ``<time>`` elements are not the article's date.
_NOT_ARTICLE_TAGS = frozenset({"figure", "figcaption", "aside", "nav", "footer", "caption", "blockquote"})
_NOT_ARTICLE_CLASS = re.compile(
    r"caption|credit|related|recommend|comment|sidebar|promo|teaser|footer|more-stories|trending|popular"
    r"|newsletter|widget|rail|gallery|photo|image|media|embed|tweet|social",
    re.IGNORECASE,
)
_UPDATED_CLASS = re.compile(r"updat|modif|edited", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"publish|posted|pubdate|dateline|byline|article-date|story-date", re.IGNORECASE)


def language_code(value: str | None) -> str | None:
    """``"en-US"``, ``"en_GB"``, ``"EN"`` → ``"en"``; ``None`` when not a language tag."""
    if not value:
        return None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    return match.group(1).lower() if match else None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|\]\]>\s*$", "", raw)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # a common fault: control characters in strings
                data = json.loads(re.sub(r"[\x00-\x1f]+", " ", raw))
            except ValueError:
                continue
        yield from _walk(data, depth=0)


def _walk(data: Any, *, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth=depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk(graph, depth=depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk(main, depth=depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def _names(value: Any) -> list[str]:
    """Person or organisation names from a JSON-LD value (a string, object or list)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        name = _clean(value.get("name"))
        return [name] if name else []
    name = _clean(value)
    return [name] if name and not name.startswith(("http://", "https://")) else []


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """Meta tags by lower-case property / name / itemprop / http-equiv (first one wins)."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _outside_article_furniture(element: HtmlElement) -> bool:
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in _NOT_ARTICLE_TAGS:
            return False
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if marker.strip() and _NOT_ARTICLE_CLASS.search(marker) and tag.lower() not in ("html", "body"):
            return False
        node = node.getparent()
    return True


def _time_date(tree: HtmlElement) -> _dt.date | None:
    """The date of the article's own ``<time>`` element (not a caption's, not a teaser's)."""
    preferred: _dt.date | None = None
    first: _dt.date | None = None
    for element in tree.iter("time"):
        marker = f"{element.get('class', '')} {element.get('itemprop', '')} {element.get('id', '')}"
        if _UPDATED_CLASS.search(marker) or not _outside_article_furniture(element):
            continue
        day = parse_date(element.get("datetime") or element.text_content())
        if day is None:
            continue
        parent = element.getparent()
        context = marker + " " + (f"{parent.get('class', '')} {parent.get('id', '')}" if parent is not None else "")
        if element.get("pubdate") is not None or _PUBLISHED_HINT.search(context):
            preferred = preferred or day
        first = first or day
    return preferred or first


def page_metadata(tree: HtmlElement, *, url: str | None = None) -> PageMetadata:
    """What the markup of ``tree`` states (nothing is guessed from the text)."""
    objects = list(_json_ld_objects(tree))
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    others = [o for o in objects if not (_types(o) & _MEDIA_TYPES) and o not in articles]
    meta = _meta_tags(tree)

    def first_meta(keys: tuple[str, ...]) -> str | None:
        for key in keys:
            if meta.get(key):
                return meta[key]
        return None

    # -- date --
    published: _dt.date | None = None
    published_from: str | None = None
    for obj in [*articles, *others]:
        published = parse_date(obj.get("datePublished")) or parse_date(obj.get("dateCreated"))
        if published is not None:
            published_from = "json-ld"
            break
    if published is None:
        for key in _DATE_META:
            published = parse_date(meta.get(key))
            if published is not None:
                published_from = "meta"
                break
    if published is None:
        for element in tree.iterfind(".//*[@itemprop]"):
            if element.get("itemprop", "").strip().lower() == "datepublished" and _outside_article_furniture(element):
                published = parse_date(element.get("content") or element.get("datetime") or element.text_content())
                if published is not None:
                    published_from = "meta"
                    break
    if published is None:
        published = _time_date(tree)
        published_from = "time" if published is not None else None
    if published is None:
        canonical = _canonical(tree) or first_meta(_URL_META) or url
        published = date_from_url(canonical) or date_from_url(url)
        published_from = "url" if published is not None else None

    # -- the rest --
    article = articles[0] if articles else {}
    title = _clean(article.get("headline") or article.get("name")) or _clean(first_meta(_TITLE_META))
    authors = tuple(dict.fromkeys(_names(article.get("author")) or _split_authors(first_meta(_AUTHOR_META))))
    publisher_names = _names(article.get("publisher"))
    publisher = publisher_names[0] if publisher_names else _clean(first_meta(_PUBLISHER_META))
    page_url = _canonical(tree) or _clean(first_meta(_URL_META))
    if page_url and not page_url.startswith(("http://", "https://")):
        page_url = None
    root = tree.getroottree().getroot()
    language = (
        language_code(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
        or language_code(meta.get("content-language"))
        or language_code(meta.get("og:locale"))
        or language_code(_clean(article.get("inLanguage")))
    )
    return PageMetadata(
        title=title,
        authors=authors,
        publisher=publisher,
        published=published,
        published_from=published_from,
        url=page_url,
        language=language,
    )


def _canonical(tree: HtmlElement) -> str | None:
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = _clean(link.get("href"))
            if href and href.startswith(("http://", "https://")):
                return href
    return None


def _split_authors(value: str | None) -> list[str]:
    if not value or value.startswith(("http://", "https://")):
        return []
    parts = re.split(r"\s*(?:;|,|\band\b|&)\s*", re.sub(r"^\s*by\s+", "", value, flags=re.IGNORECASE))
    return [p for p in (_clean(x) for x in parts) if p]
