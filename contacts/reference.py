"""Reads the curated reference data in contacts/reference_data/ and creates what the database lacks.

The files are plain JSON meant for people to review (see reference_data/README.md). Loading is
additive: rows are found by their natural keys and only missing ones are created; nothing that
exists is updated or deleted, so an editor's correction in admin survives every reload.

Position roles are a closed vocabulary defined in reference_data/roles.json, where each key is
documented; a position with a role outside it is a data error. A role listed under
"spokesperson_roles" marks its positions as spokesperson posts unless the position says otherwise.
"""

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.text import slugify

from contacts.choices import AliasKind, OutletKind
from contacts.countries import Country
from contacts.names import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "reference_data"
KINDS = ("officials", "positions", "aliases", "outlets", "domains", "topics")


class ReferenceDataError(ValueError):
    """The data files are unreadable or inconsistent; the message lists every problem found."""


def load_reference_data(apps=None, stdout=None, using=DEFAULT_DB_ALIAS, data_dir=None):
    """Create the missing reference rows; return {kind: {"created": n, "existing": m}}.

    `apps` is a migration's app registry (historical models, no custom save()) or None for the
    real models; every derived field (slugs, normalised names) is therefore computed here.
    """
    data = read_reference_data(data_dir or DATA_DIR)
    registry = apps or global_apps
    models = {
        name: registry.get_model("contacts", name)
        for name in ("Official", "OfficialAlias", "Position", "Outlet", "OutletDomain", "Topic")
    }
    counts = {kind: {"created": 0, "existing": 0} for kind in KINDS}
    with transaction.atomic(using=using):
        _load_officials(models, data["officials"], counts, using)
        _load_outlets(models, data["outlets"], counts, using)
        _load_topics(models, data["topics"], counts, using)
    if stdout is not None:
        for kind in KINDS:
            c = counts[kind]
            stdout.write(f"{kind}: {c['created']} created, {c['existing']} already present\n")
    return counts


def _load_officials(models, officials, counts, db):
    Official, Alias, Position = models["Official"], models["OfficialAlias"], models["Position"]
    by_slug = dict(Official.objects.using(db).values_list("slug", "pk"))
    names = dict(Official.objects.using(db).values_list("pk", "normalized_name"))
    alias_keys = set(Alias.objects.using(db).values_list("official_id", "normalized"))
    terms = defaultdict(list)  # (official_id, role) -> [(start, end)]
    for official_id, role, start, end in Position.objects.using(db).values_list(
        "official_id", "role", "start", "end"
    ):
        terms[official_id, role].append((start, end))

    for item in officials:
        official_id = by_slug.get(item["slug"])
        if official_id is None:
            official = Official.objects.using(db).create(
                name=item["name"],
                normalized_name=normalize_name(item["name"]),
                slug=item["slug"],
                country=item["country"],
                notes=item["notes"],
            )
            official_id = by_slug[item["slug"]] = official.pk
            names[official_id] = official.normalized_name
            counts["officials"]["created"] += 1
        else:
            counts["officials"]["existing"] += 1

        for position in item["positions"]:
            # Overlap, not only the exact start, counts as present: an editor who corrected a
            # start date must not get the uncorrected term back beside it.
            known = terms[official_id, position["role"]]
            if any(_overlaps(position["start"], position["end"], s, e) for s, e in known):
                counts["positions"]["existing"] += 1
                continue
            Position.objects.using(db).create(official_id=official_id, **position)
            known.append((position["start"], position["end"]))
            counts["positions"]["created"] += 1

        for alias in item["aliases"]:
            norm = normalize_name(alias["name"])
            if (official_id, norm) in alias_keys or norm == names[official_id]:
                counts["aliases"]["existing"] += 1
                continue
            Alias.objects.using(db).create(
                official_id=official_id, name=alias["name"], normalized=norm, kind=alias["kind"]
            )
            alias_keys.add((official_id, norm))
            counts["aliases"]["created"] += 1


def _load_outlets(models, outlets, counts, db):
    Outlet, Domain = models["Outlet"], models["OutletDomain"]
    by_slug = dict(Outlet.objects.using(db).values_list("slug", "pk"))
    # An editor may have changed a slug; the name is unique too and must not be created twice.
    by_name = dict(Outlet.objects.using(db).values_list("name", "pk"))
    domains = set(Domain.objects.using(db).values_list("domain", flat=True))
    for item in outlets:
        outlet_id = by_slug.get(item["slug"]) or by_name.get(item["name"])
        if outlet_id is None:
            outlet = Outlet.objects.using(db).create(
                name=item["name"],
                slug=item["slug"],
                country=item["country"],
                kind=item["kind"],
                homepage=item["homepage"],
            )
            outlet_id = by_slug[item["slug"]] = by_name[item["name"]] = outlet.pk
            counts["outlets"]["created"] += 1
        else:
            counts["outlets"]["existing"] += 1
        for domain in item["domains"]:
            if domain in domains:
                counts["domains"]["existing"] += 1
                continue
            Domain.objects.using(db).create(outlet_id=outlet_id, domain=domain)
            domains.add(domain)
            counts["domains"]["created"] += 1


def _load_topics(models, topics, counts, db):
    Topic = models["Topic"]
    by_slug = dict(Topic.objects.using(db).values_list("slug", "pk"))
    # The files list parents before children (checked when reading), so one pass suffices.
    for item in topics:
        if item["slug"] in by_slug:
            counts["topics"]["existing"] += 1
            continue
        topic = Topic.objects.using(db).create(
            name=item["name"],
            slug=item["slug"],
            parent_id=by_slug[item["parent"]] if item["parent"] else None,
            description=item["description"],
            phrases="\n".join(item["phrases"]),
        )
        by_slug[item["slug"]] = topic.pk
        counts["topics"]["created"] += 1


def _overlaps(start_a, end_a, start_b, end_b):
    return start_a <= (end_b or dt.date.max) and start_b <= (end_a or dt.date.max)


# Reading and checking the files: plain data in, plain data out, no database.


def read_reference_data(data_dir=DATA_DIR):
    """The data files as plain dicts with defaults filled in; raises ReferenceDataError."""
    data_dir = Path(data_dir)
    problems = []
    roles_file = _read_json(data_dir / "roles.json", problems)
    if roles_file is not None and not isinstance(roles_file, dict):
        problems.append("roles.json: expected an object with 'roles' and 'spokesperson_roles'")
        roles_file = None
    roles = set((roles_file or {}).get("roles", {}))
    spokesperson_roles = set((roles_file or {}).get("spokesperson_roles", []))
    if roles_file is not None and not roles:
        problems.append("roles.json: no roles defined")
    if spokesperson_roles - roles:
        problems.append(
            f"roles.json: unknown spokesperson roles {sorted(spokesperson_roles - roles)}"
        )

    officials = []
    official_files = sorted((data_dir / "officials").glob("*.json"))
    if not official_files:
        problems.append(f"{data_dir / 'officials'}: no officials files")
    for path in official_files:
        for index, raw in enumerate(
            _entries(_read_json(path, problems), "officials", path.name, problems)
        ):
            where = f"{path.name} official #{index + 1} ({raw.get('name', '?')})"
            officials.append(_clean_official(raw, where, roles, spokesperson_roles, problems))
    _check_unique(officials, "slug", "official slug", problems)

    outlets_file = _read_json(data_dir / "outlets.json", problems)
    outlets = [
        _clean_outlet(raw, f"outlets.json outlet #{i + 1} ({raw.get('name', '?')})", problems)
        for i, raw in enumerate(_entries(outlets_file, "outlets", "outlets.json", problems))
    ]
    _check_unique(outlets, "slug", "outlet slug", problems)
    _check_unique(outlets, "name", "outlet name", problems)
    all_domains = [{"domain": d} for outlet in outlets for d in outlet["domains"]]
    _check_unique(all_domains, "domain", "outlet domain", problems)

    topics_file = _read_json(data_dir / "topics.json", problems)
    topics = [
        _clean_topic(raw, f"topics.json topic #{i + 1} ({raw.get('name', '?')})", problems)
        for i, raw in enumerate(_entries(topics_file, "topics", "topics.json", problems))
    ]
    _check_unique(topics, "slug", "topic slug", problems)
    seen = set()
    for topic in topics:
        if topic["parent"] and topic["parent"] not in seen:
            problems.append(
                f"topics.json: '{topic['slug']}' names parent '{topic['parent']}', "
                "which is not listed before it"
            )
        seen.add(topic["slug"])

    if problems:
        raise ReferenceDataError("Reference data problems:\n- " + "\n- ".join(problems))
    return {
        "roles": sorted(roles),
        "spokesperson_roles": sorted(spokesperson_roles),
        "officials": officials,
        "outlets": outlets,
        "topics": topics,
    }


def _entries(content, key, where, problems):
    """The objects listed under `key`; anything else is reported."""
    if content is None:
        return []
    entries = content.get(key) if isinstance(content, dict) else None
    if not isinstance(entries, list):
        problems.append(f"{where}: expected an object with a list under '{key}'")
        return []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"{where}: entry #{index + 1} under '{key}' is not an object")
    return [entry for entry in entries if isinstance(entry, dict)]


def _read_json(path, problems):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        problems.append(f"{path}: file missing")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(f"{path}: cannot be read as JSON ({exc})")
    return None


def _clean_official(raw, where, roles, spokesperson_roles, problems):
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(f"{where}: name missing")
    country = _country(raw.get("country"), where, problems)
    official = {
        "name": name,
        "slug": str(raw.get("slug") or slugify(name))[:200],
        "country": country,
        "notes": str(raw.get("notes") or ""),
        "aliases": [],
        "positions": [],
    }
    seen = {normalize_name(name)}
    aliases = raw.get("aliases") or {}
    if not isinstance(aliases, dict):
        problems.append(f"{where}: aliases must map a kind to a list of names")
        aliases = {}
    for kind, alias_names in aliases.items():
        if kind not in AliasKind.values:
            problems.append(f"{where}: unknown alias kind '{kind}'")
            continue
        if not isinstance(alias_names, list) or not all(isinstance(a, str) for a in alias_names):
            problems.append(f"{where}: '{kind}' aliases must be a list of names")
            continue
        for alias in alias_names:
            norm = normalize_name(alias)
            if not norm:
                problems.append(f"{where}: empty alias")
            elif norm in seen:
                problems.append(f"{where}: alias '{alias}' repeats the name or another alias")
            seen.add(norm)
            official["aliases"].append({"name": alias.strip(), "kind": kind})

    positions = raw.get("positions") or []
    if not positions or not all(isinstance(p, dict) for p in positions):
        problems.append(f"{where}: positions must be a non-empty list of objects")
        positions = (
            [p for p in positions if isinstance(p, dict)] if isinstance(positions, list) else []
        )
    for raw_position in positions:
        position = _clean_position(
            raw_position, country, where, roles, spokesperson_roles, problems
        )
        if position:
            official["positions"].append(position)
    by_role = defaultdict(list)
    for position in official["positions"]:
        for start, end in by_role[position["role"]]:
            if _overlaps(position["start"], position["end"], start, end):
                problems.append(f"{where}: two '{position['role']}' terms overlap")
        by_role[position["role"]].append((position["start"], position["end"]))
    return official


def _clean_position(raw, default_country, where, roles, spokesperson_roles, problems):
    title, role = str(raw.get("title") or "").strip(), str(raw.get("role") or "")
    where = f"{where}, position '{title or role}'"
    if not title:
        problems.append(f"{where}: title missing")
    if role not in roles:
        problems.append(f"{where}: role '{role}' is not in roles.json")
    start = _date(raw.get("start"), f"{where} start", problems, required=True)
    end = _date(raw.get("end"), f"{where} end", problems, required=False)
    if start and end and end < start:
        problems.append(f"{where}: ends ({end}) before it starts ({start})")
    if not start or role not in roles:
        return None
    return {
        "title": title,
        "role": role,
        "organisation": str(raw.get("organisation") or ""),
        "country": _country(raw.get("country", default_country), where, problems),
        "start": start,
        "end": end,
        "is_spokesperson": bool(raw.get("is_spokesperson", role in spokesperson_roles)),
        "is_primary": bool(raw.get("is_primary", True)),
    }


def _clean_outlet(raw, where, problems):
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(f"{where}: name missing")
    kind = OutletKind.parse(raw.get("kind"))
    if kind is None:
        problems.append(f"{where}: unknown kind '{raw.get('kind')}'")
    domains = []
    raw_domains = raw.get("domains") or []
    if not isinstance(raw_domains, list):
        problems.append(f"{where}: domains must be a list")
        raw_domains = []
    for domain in raw_domains:
        clean = str(domain).strip().lower().removeprefix("www.")
        if clean != domain or not clean or "/" in clean or " " in clean:
            problems.append(f"{where}: write domain '{domain}' as a bare lower-case host name")
        domains.append(clean)
    if not domains:
        problems.append(f"{where}: no domains")
    return {
        "name": name,
        "slug": str(raw.get("slug") or slugify(name))[:200],
        "country": _country(raw.get("country"), where, problems),
        "kind": kind.value if kind else "",
        "homepage": str(raw.get("homepage") or ""),
        "domains": domains,
    }


def _clean_topic(raw, where, problems):
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(f"{where}: name missing")
    raw_phrases = raw.get("phrases") or []
    if not isinstance(raw_phrases, list):
        problems.append(f"{where}: phrases must be a list")
        raw_phrases = []
    phrases = [str(p).strip() for p in raw_phrases]
    for phrase in phrases:
        if not phrase or phrase != phrase.lower():
            problems.append(f"{where}: phrase '{phrase}' must be non-empty and lower-case")
    if len(set(phrases)) != len(phrases):
        problems.append(f"{where}: a phrase is listed twice")
    return {
        "name": name,
        "slug": str(raw.get("slug") or slugify(name))[:200],
        "parent": raw.get("parent") or None,
        "description": str(raw.get("description") or ""),
        "phrases": phrases,
    }


def _country(value, where, problems):
    if value not in Country.values:
        problems.append(f"{where}: unknown country '{value}'")
        return Country.XX.value
    return value


def _date(value, where, problems, required):
    if value in (None, ""):
        if required:
            problems.append(f"{where}: date missing")
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: '{value}' is not a YYYY-MM-DD date")
        return None


def _check_unique(items, key, label, problems):
    counts = defaultdict(int)
    for item in items:
        counts[item[key]] += 1
    for value, n in counts.items():
        if n > 1:
            problems.append(f"{label} '{value}' appears {n} times")
