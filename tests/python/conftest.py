"""Shared setup: the Assemblyline stand-in and the service package on sys.path."""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVICE_DIR = os.path.join(ROOT, "service", "assemblyline")
MANIFEST = os.path.join(SERVICE_DIR, "service_manifest.yml")
FIXTURES = os.path.join(ROOT, "tests", "triage", "fixtures")
DATA = os.path.join(HERE, "data")
SHARED = os.environ.get("EMU_SHARED_DIR", os.path.join(ROOT, "..", "shared"))

# The stand-in (clearly named: tests/python/al_standin) replaces Assemblyline.
sys.path.insert(0, os.path.join(HERE, "al_standin"))
sys.path.insert(0, SERVICE_DIR)
os.environ.setdefault("AL_STANDIN_MANIFEST", MANIFEST)


def load(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture
def stager_report():
    return load(os.path.join(DATA, "stager_shellcode_x64_with_triage.json"))


@pytest.fixture
def downloader_report():
    return load(os.path.join(DATA, "downloader_x86_with_triage.json"))


@pytest.fixture
def packed_report():
    return load(os.path.join(DATA, "packed_x86_with_triage.json"))


def shared_path(*parts):
    p = os.path.join(SHARED, *parts)
    if not os.path.exists(p):
        pytest.skip(f"{p} is absent (../shared not available)")
    return p
