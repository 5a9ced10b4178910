#!/usr/bin/env python3
"""Counts the model records in every model-list capture under snapshots/ with Python's json
module (independently of bulkllm's own parser) and prints the golden table that
Tests/CatalogIngestTests/ModelListGoldenTests.swift checks:

    scripts/golden-model-list-counts.py > Tests/CatalogIngestTests/Golden/model-list-counts.tsv
"""
import glob
import json
import os

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "snapshots"))


def ids(source, document):
    if source == "openai/docs-models.json":
        if isinstance(document, list):
            return [entry["slug"] for entry in document]
        result = [entry["slug"] for entry in document.get("rate_limits", [])]
        result += [entry["slug"] for entry in document.get("modalities", [])]
        for entry in document.get("pricing", []):
            result.append(entry["name"])
            result += [snapshot["name"] for snapshot in entry.get("snapshots", [])]
        return result
    if source == "google/models.json":
        return [model["name"][len("models/"):] for model in document["models"]]
    if source == "vertex/models.json":
        return [model["name"].split("/models/")[1] for model in document["publisherModels"]]
    if source == "cohere/models.json":
        return [model["name"] for model in document["models"]]
    if source == "bedrock/models.json":
        return [model["modelId"] for model in document["modelSummaries"]]
    if source == "xai/language-models.json":
        return [model["id"] for model in document["models"]]
    if source == "together/models.json":
        return [model["id"] for model in document]
    return [model["id"] for model in document["data"]]


print("date\tsource\trecords\tdistinct_ids")
for path in sorted(glob.glob("*/*/*.json")):
    date, provider, name = path.split("/")
    source = provider + "/" + name
    with open(path, "rb") as handle:
        found = ids(source, json.load(handle))
    print(f"{date}\t{source}\t{len(found)}\t{len(set(found))}")
