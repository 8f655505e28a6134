-- Application form submissions for the benchmark: every request a new applicant (a unique
-- e-mail address and submission key), spread over several open trainings.
-- Arguments (after "--"): run id (hex), CSRF cookie, CSRF form token, then the form paths.

dofile(os.getenv("BENCH_LUA_DIR") .. "/statuses.lua")

local FIELDS = {
  "name=Load+Tester", "phone=", "country=KE", "city=Nairobi", "language=en",
  "profession=Psychotherapist", "degree_level=master", "degree_field=psychology",
  "degree_institution=", "degree_year=2010", "has_licence=yes", "licence_country=KE",
  "licence_body=", "years_of_practice=5",
  "motivation=I+work+with+couples+and+want+to+learn+the+dialogue.",
  "attended_workshop=no", "heard_from=colleague", "wants_financial_assistance=no",
  "financial_note=", "accessibility_needs=", "privacy_consent=on", "policy_consent=on",
}

function init(args)
  run_id = tonumber(args[1], 16)
  paths = {}
  for i = 4, #args do table.insert(paths, args[i]) end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. args[2]
  form = table.concat(FIELDS, "&") .. "&csrfmiddlewaretoken=" .. args[3]
  sent = 0
end

function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local email = string.format("load-%08x-%d-%d@bench.example", run_id, thread_number, sent)
  local key = string.format("%08x-%04x-4000-8000-%012x", run_id, thread_number, sent)
  local body = form .. "&email=" .. email .. "&submission_key=" .. key
  return wrk.format(nil, path, nil, body)
end

-- Stored: the portal redirects to the page that confirms it (post, redirect, get).
function is_ok(status, headers)
  return status == 302 and string.find(headers["Location"] or "", "/received/") ~= nil
end
