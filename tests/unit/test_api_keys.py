"""API keys (`arlake keys create/list/revoke`, <data>/api_keys.json) and the server's key store, on real files;
`arlake serve`'s command-line checks."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat

import pytest

from arlake.errors import DataError
from arlake.server.keys import KeyStore, keys_path


def _create(cli, data, *orgs):
    result = cli("keys", "create", *[a for o in orgs for a in ("--organization-id", o)], "--data", data)
    assert result.code == 0, result
    return result


def test_create_prints_the_key_alone_and_stores_only_its_digest(cli, tmp_path):
    result = _create(cli, tmp_path, "org_a", "org_b", "org_a")
    lines = result.out.splitlines()
    assert len(lines) == 1  # the key alone on stdout, so that scripts can capture it
    token = lines[0]
    assert token.startswith("arlake_")
    # At least 32 random bytes: the part after the prefix is URL-safe base64 of 32 bytes.
    assert len(base64.urlsafe_b64decode(token.removeprefix("arlake_") + "=")) == 32
    assert "key_" in result.err and "shown once" in result.err
    text = keys_path(tmp_path).read_text()
    assert token not in text and token.removeprefix("arlake_") not in text
    (entry,) = json.loads(text)["keys"]
    assert entry["sha256"] == hashlib.sha256(token.encode()).hexdigest()  # the digest, computed independently
    assert entry["organizations"] == ["org_a", "org_b"]  # repeated organizations count once
    assert entry["revoked_at"] is None
    assert stat.S_IMODE(os.stat(keys_path(tmp_path)).st_mode) == 0o600
    other = _create(cli, tmp_path, "org_a").out.strip()
    assert other != token


def test_list_shows_ids_organizations_and_times_never_keys(cli, tmp_path):
    token = _create(cli, tmp_path, "org_a").out.strip()
    _create(cli, tmp_path, "org_b", "org_c")
    result = cli("keys", "list", "--data", tmp_path)
    assert result.code == 0
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert [r[1] for r in rows] == ["org_a", "org_b,org_c"]
    assert all(r[0].startswith("key_") and r[2].startswith("created 20") and r[3] == "active" for r in rows)
    assert token not in result.out


def test_revoke_and_the_store_notices(cli, tmp_path):
    token = _create(cli, tmp_path, "org_a").out.strip()
    store = KeyStore(tmp_path)
    key = store.authenticate(token)
    assert key is not None and key.organizations == ("org_a",)
    assert store.authenticate(token + "x") is None
    assert store.authenticate("arlake_" + "A" * 43) is None
    result = cli("keys", "revoke", key.key_id, "--data", tmp_path)
    assert result.code == 0 and key.key_id in result.out
    assert store.authenticate(token) is None  # the store rereads the changed file
    listed = cli("keys", "list", "--data", tmp_path).out
    assert "revoked 20" in listed
    # A key created after the store was loaded works at once.
    fresh = _create(cli, tmp_path, "org_b").out.strip()
    assert store.authenticate(fresh).organizations == ("org_b",)


def test_key_command_errors(cli, tmp_path):
    result = cli("keys", "create", "--data", tmp_path)
    assert result.code == 2 and "--organization-id" in result.err
    result = cli("keys", "create", "--organization-id", " ", "--data", tmp_path)
    assert result.code == 2 and "--organization-id" in result.err
    result = cli("keys", "revoke", "key_nope", "--data", tmp_path)
    assert result.code == 4 and "key_nope" in result.err
    result = cli("keys", "create", "--organization-id", "o", "--data", tmp_path / "missing")
    assert result.code == 3 and "does not exist" in result.err
    result = cli("keys", "create", "--organization-id", "o", "--organization", "x", "--data", tmp_path)
    assert result.code == 2  # no abbreviated flags
    assert not keys_path(tmp_path).exists()


def test_a_damaged_key_file_is_named_and_no_key_passes(cli, tmp_path):
    token = _create(cli, tmp_path, "org_a").out.strip()
    keys_path(tmp_path).write_text('{"keys": [{"id": 1}]')
    result = cli("keys", "list", "--data", tmp_path)
    assert result.code == 3 and "api_keys.json" in result.err
    with pytest.raises(DataError, match="api_keys.json"):
        KeyStore(tmp_path).authenticate(token)
    result = cli("keys", "create", "--organization-id", "o", "--data", tmp_path)
    assert result.code == 3  # never overwrites a file it cannot read


def test_serve_refuses_bad_ports_and_a_missing_data_directory(cli, tmp_path):
    result = cli("serve", "--port", "70000", "--data", tmp_path)
    assert result.code == 2 and "--port" in result.err
    result = cli("serve", "--port", "80", "--port", "81", "--data", tmp_path)
    assert result.code == 2 and "--port" in result.err
    result = cli("serve", "--data", tmp_path / "missing")
    assert result.code == 3 and "does not exist" in result.err and "Traceback" not in result.err
