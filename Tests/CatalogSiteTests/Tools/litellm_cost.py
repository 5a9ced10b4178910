"""Prices usages with the real LiteLLM, reading the cost map `catalog export --format litellm` wrote.

    litellm_cost.py MAP.json REQUESTS.json

MAP.json is served on loopback and LiteLLM is pointed at it with LITELLM_MODEL_COST_MAP_URL, as a
user would point it at the published file. REQUESTS.json is a list of
{"model", "prompt_tokens", "cached_tokens", "completion_tokens"}. Prints one JSON object: where
LiteLLM's map came from, how many entries it holds, and the cost LiteLLM computes for each request
with litellm.completion_cost.
"""

import functools
import http.server
import json
import os
import sys
import threading

map_path, requests_path = sys.argv[1], sys.argv[2]
directory, name = os.path.split(os.path.abspath(map_path))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


handler = functools.partial(QuietHandler, directory=directory)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()

# Read by LiteLLM when it is imported: where its cost map is, and (our map holds fewer entries
# than LiteLLM's own, which it would otherwise refuse as "shrunk") that a smaller map is expected.
os.environ["LITELLM_MODEL_COST_MAP_URL"] = f"http://127.0.0.1:{server.server_address[1]}/{name}"
os.environ["MODEL_COST_MAP_MAX_SHRINK_RATIO"] = "0"
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"
for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(variable, None)

import litellm  # noqa: E402
from litellm.litellm_core_utils.get_model_cost_map import get_model_cost_map_source_info  # noqa: E402

info = get_model_cost_map_source_info()
results = []
for request in json.load(open(requests_path)):
    usage = litellm.Usage(
        prompt_tokens=request["prompt_tokens"],
        completion_tokens=request["completion_tokens"],
        total_tokens=request["prompt_tokens"] + request["completion_tokens"],
        prompt_tokens_details={"cached_tokens": request["cached_tokens"]},
    )
    response = litellm.ModelResponse(model=request["model"], usage=usage)
    cost = litellm.completion_cost(completion_response=response, model=request["model"])
    results.append({"model": request["model"], "cost": repr(cost), "entry": litellm.model_cost.get(request["model"])})
server.shutdown()
print(json.dumps({"source": info.get("source"), "url": info.get("url"), "fallback_reason": info.get("fallback_reason"),
                  "entries": len(litellm.model_cost), "results": results}))
