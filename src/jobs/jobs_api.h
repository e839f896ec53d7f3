// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>

#include "accounts/account_service.h"
#include "http/router.h"
#include "jobs/job_service.h"

namespace samverka::jobs {

struct JobsApi {
  accounts::AccountService& accounts;
  JobService& jobs;
};

// GET /api/v1/jobs, GET /api/v1/jobs/{id}, POST /api/v1/jobs/{id}/cancel.
void register_job_routes(http::Router& router, JobsApi& api);

// A job as the API shows it: {id, type, state, parameters, organization, created_by,
// progress: {done, total, stage}, result, message, cancel_requested, attempts, created,
// started, finished}.
boost::json::object to_json(const Job& job);
// {at, level, message}
boost::json::object to_json(const JobLogLine& line);

}  // namespace samverka::jobs
