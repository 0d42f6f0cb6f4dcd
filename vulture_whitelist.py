"""Names vulture cannot see being used, for the dead-code check in `make lint`.

Django and the libraries use much of the code by convention: they read Meta and
admin options, find classes and tasks by dotted path, call `clean_<field>` and
`ready()`, and templates read attributes vulture never sees. Each name below is
one of those, grouped by why. Vulture matches by name, so one entry covers every
class or module that defines it.

Anything vulture reports that is not listed here is dead: delete it. When you add
a name that only a convention uses, add it to its group (`.venv/bin/vulture
--make-whitelist` prints what is missing; paths and settings come from
pyproject.toml [tool.vulture]). This file is never imported.
"""

from __future__ import annotations

from typing import Any


class _Names:
    """Any attribute: this module only names things."""

    def __getattr__(self, name: str) -> Any:
        return self


_ = _Names()

# Options Django reads from inner Meta classes, model classes and form classes.
_.abstract
_.base_manager_name
_.can_delete
_.constraints
_.default_auto_field
_.default_manager_name
_.first_name
_.help_texts
_.indexes
_.last_name
_.Meta
_.ordering
_.REQUIRED_FIELDS
_.use_in_migrations
_.username
_.USERNAME_FIELD

# ModelAdmin options, read by the admin site.
_.add_fieldsets
_.autocomplete_fields
_.fieldsets
_.filter_horizontal
_.has_add_permission
_.inlines
_.list_display
_.list_editable
_.list_filter
_.prepopulated_fields
_.raw_id_fields
_.readonly_fields
_.search_fields

# Classes Django, allauth or logging find by dotted path in settings, or by
# registration (apps, admin, middleware, management commands, cache backends).
_.PreferredLanguageMiddleware
_.InfluenceStrategyAdmin
_.AccountAdapter
_.AccountsConfig
_.ApiConfig
_.ActivityAdmin
_.AnonymousPostRateLimitMiddleware
_.AssetsConfig
_.CatalogueEntryAdmin
_.ClientAddressLogFilter
_.ClientAddressMiddleware
_.Command
_.ContractsConfig
_.CycleAdmin
_.CyclesConfig
_.DecisionAdmin
_.DemoConfig
_.FailSafeRedisCache
_.FallbackCacheEntry
_.GateCheckAdmin
_.GovernanceConfig
_.GovernancePrincipleAdmin
_.IdeasConfig
_.help
_.MembershipAdmin
_.NotificationsConfig
_.OrganisationAdmin
_.OrganisationsConfig
_.OutcomesConfig
_.PagesConfig
_.PanelsConfig
_.ParticipationConfig
_.PrivateResponsesMiddleware
_.RefuseNulMiddleware
_.ReportsConfig
_.ServiceAreaAdmin
_.SurveysConfig
_.WebhooksConfig
_.SignOnConfig
_.SignOnAdmin
_.SocialAccountAdapter
_.min_num

# Methods the framework calls: AppConfig.ready, form clean_<field>, the user model and
# its manager, allauth's adapter, URL converters, the cache backend API; and a getter
# the personal-data export names in a string.
_.add_arguments  # management commands
_.clean_amount
_.clean_embed_origins
_.clean_emails
_.clean_events
_.clean_file
_.clean_happened_on
_.clean_hours_per_month
_.clean_method
_.clean_name
_.clean_retention_months
_.clean_secret
_.clean_size
_.clean_url
_.clean_values_text
_.clean_weight
_.create_superuser
_.delete_many
_.get_availability_display
_.get_full_name
_.get_many
_.get_short_name
_.has_key
_.incr
_.is_safe_url
_.list_apps
_.on_authentication_error
_.pre_social_login
_.ready
_.regex
_.set_many
_.to_python
_.to_url
_.touch

# Crispy-forms helper and form-field attributes, read by crispy-forms and Django
# forms; and Django's own model-state flag.
_.adding
_.empty_label
_.form_tag
_.govuk_date_input
_.happened_on
_.label_from_instance

# Module-level names Django looks up: app_name in urls modules, the error handlers in
# the root urls and the views they name, WSGI/ASGI application.
_.app_name
_.application
_.bad_request
_.forbidden
_.handler400
_.handler403
_.handler404
_.handler500
_.not_found
_.server_error

# Functions registered by decorator and the keyword arguments Django passes them:
# system checks, signal receivers (and the import that connects them), template
# filters, context processors.
_.content_lang
_.language_choices
_.language_switcher
_._question_changed
_._survey_changed
_.answer_cache
_.app_configs
_.client_address_settings
_.ocid_prefix
_.error_anchor
_.navigation
_.sender

# Celery tasks that only beat runs (CELERY_BEAT_SCHEDULE names them in strings).
_.count_responses
_.send_survey_reminders
_.erase_inactive_citizens
_.make_open_data
_.remind_overdue_risk_reviews
_.remove_expired_exports
_.remove_expired_reports
_.sweep_jobs

# Attributes set for libraries to read: simple-history's acting user and change
# reason, openpyxl cell
# and workbook properties, zipfile's compression; django-csp's per-response policy
# change and Django's X-Frame-Options exemption (the embed pages).
_.locale_paths  # makemessages
_.locale_dir  # makemessages
_.prec
_.rounding  # decimal contexts (cycles.demand)
_._change_reason
_._csp_replace
_._csp_update
_._history_user
_.compress_type
_.data_type
_.modified
_.xframe_options_exempt

# Read only in templates (attribute access in {{ }} / {% %}, which vulture cannot
# see).
_.achieved_value
_.after_date
_.planned_total
_.community_evidence
_.outcomes_by_kind
_.reading
_.route_labels
_.answered_shown
_.author_name
_.is_usable
_.scope_labels
_.average
_.average_place
_.band
_.event_labels
_.bars
_.baseline_y
_.by_quarter
_.by_team_alone
_.chart
_.chart_height
_.citizen_count
_.citizen_overall
_.column_totals
_.community_share
_.contributed_hours
_.contribution_labels
_.cost_per_unit
_.coverage
_.days_to_resolve
_.decider
_.differences
_.good
_.has_other_pages
_.high_risks
_.high_risks_with_fallback
_.is_citizen_action
_.is_high
_.is_overdue
_.is_text
_.not_given_shown
_.overrides_a_gate
_.plain_language_hints
_.points_shown
_.polyline
_.progress
_.public_name
_.rated_aspects
_.recent
_.residual_rating
_.response_count_shown
_.returns_by_status
_.reviews
_.spent_by_equal_shares
_.spent_by_votes
_.spread
_.status_counts
_.support_shown
_.target_y
_.team_count
_.team_name
_.team_overall
_.total_cost
_.value_type_labels
_.verdict
_.volunteer_hours_a_year
_.volunteer_value
_.votes_since
_.way_labels
_.with_citizens

# Used only by the tests: reference implementations and readers the tests cross-check
# against (Pabulib, plain approval elections, the disclosure audit), and small
# properties the tests assert on.
_.decided_by_tie
_.decision_publish
_.declined
_.from_approvals
_.is_awaiting
_.many
_.narrowed
_.paid_all
_.parse_pabulib
_.protect_table
_.voter_share

# Model fields, choice members and declared form fields: the database, ModelForms,
# get_FOO_display and the admin use them by name, and services assign them before
# save().
_.decided_at
_.demand_source
_.demand_baseline_date
_.COURTS
_.terms
_.acceptance_source
_.ACCESS
_.access_needs_met
_.agenda
_.agreed_on
_.at
_.duration_ms
_.next_attempt_at
_.response_excerpt
_.agreement_note
_.ANNUALLY
_.assessor
_.attested_at
_.attested_by
_.author
_.award_decision
_.awarded_bid
_.BEHAVIOUR_CHANGE
_.BOARD_SEATS
_.budget_envelope
_.CARER_COVER
_.catalogue_entry
_.checked_at
_.checked_by
_.co_assessed
_.CO_FINANCING
_.CO_PRODUCTION
_.COMMUNICATION
_.computed_at
_.confirmed_by
_.CONTINUE
_.CROWDFUNDING
_.data_source
_.DECOMMISSION
_.DETECTION
_.disbenefits
_.DOCUMENT
_.duration_hours
_.ECONOMIC
_.ENVIRONMENTAL
_.EQUALITY
_.EQUIPMENT
_.EVENING_ONLY
_.expires
_.FEES
_.FOCUS_GROUP
_.frequency
_.given_on
_.GROUP
_.HEALTH
_.hours_per_month
_.in_digest
_.INNOVATION_LAB
_.INTERPRETER
_.invited_at
_.is_active
_.is_citizen
_.is_online
_.is_template
_.KNOWLEDGE
_.languages
_.lead
_.LETTER
_.lived_experience
_.LOCAL_AUTHORITY
_.made_at
_.meeting_reminders
_.meetings_public
_.minutes
_.moderated_by
_.MONEY
_.MONTHLY
_.MYSTERY
_.NOT_ACCEPTED
_.NOT_KNOWN
_.NOT_MET
_.NOT_UPHELD
_.ONLINE
_.options_text
_.OTHER_COMMUNITY
_.outputs
_.PEER_SUPPORT
_.PLACE
_.POLICE
_.pool_size
_.from_organisation_pool
_.consented_at
_.predecessor
_.PREVENTION
_.priority_decision
_.published_by
_.QUALITY
_.quiet_demand
_.rated_at
_.rated_by
_.recorded_at
_.REGISTER
_.REHABILITATION
_.reminded_for
_.reminder_sent_at
_.representatives_text
_.responded_at
_.respondent
_.restrictions
_.results_published
_.review_dates
_.reviewed_at
_.reviewed_by
_.run_by
_.SAFETY
_.scorer
_.SCOTTISH_CHARITY
_.sent_at
_.SERVICE
_.SERVICES
_.signed_at
_.SKILLS
_.SOCIAL
_.source_survey
_.STAFF
_.stepped_down_at
_.submitted_at
_.submitted_by
_.target_responses
_.team_value
_.thank_you
_.TRAINING
_.TREATMENT
_.uploaded_at
_.uploaded_by
_.USER
_.use
_.USER_GROUP
_.USERS
_.values_text
_.VOLUNTEERING
_.VOUCHED
_.WEEKDAY_DAYTIME
_.WEEKEND
_.welcome
_.WITHDRAWN
_.withdrawn_by
_.moderated_at
_.redacted
_.was_published

# Settings, read by Django and the libraries by name.
_.ACCOUNT_ADAPTER
_.ACCOUNT_CONFIRM_EMAIL_ON_GET
_.ACCOUNT_EMAIL_SUBJECT_PREFIX
_.ACCOUNT_EMAIL_VERIFICATION
_.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED
_.ACCOUNT_FORMS
_.ACCOUNT_LOGIN_BY_CODE_ENABLED
_.ACCOUNT_LOGIN_METHODS
_.ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION
_.ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE
_.ACCOUNT_RATE_LIMITS
_.ACCOUNT_SIGNUP_FIELDS
_.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
_.ACCOUNT_USER_MODEL_USERNAME_FIELD
_.ALLAUTH_USER_CODE_FORMAT
_.AUTH_PASSWORD_VALIDATORS
_.AUTHENTICATION_BACKENDS
_.CACHES
_.CELERY_ACCEPT_CONTENT
_.CELERY_BEAT_SCHEDULE
_.CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP
_.CELERY_BROKER_CONNECTION_TIMEOUT
_.CELERY_BROKER_TRANSPORT_OPTIONS
_.CELERY_BROKER_URL
_.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT
_.CELERY_RESULT_BACKEND
_.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS
_.CELERY_RESULT_SERIALIZER
_.CELERY_TASK_ACKS_LATE
_.CELERY_TASK_ALWAYS_EAGER
_.CELERY_TASK_EAGER_PROPAGATES
_.CELERY_TASK_PUBLISH_RETRY_POLICY
_.CELERY_TASK_REJECT_ON_WORKER_LOST
_.CELERY_TASK_SERIALIZER
_.CELERY_TASK_SOFT_TIME_LIMIT
_.CELERY_TASK_TIME_LIMIT
_.CELERY_TIMEZONE
_.CELERY_WORKER_PREFETCH_MULTIPLIER
_.CONTENT_SECURITY_POLICY
_.CRISPY_ALLOWED_TEMPLATE_PACKS
_.CRISPY_GDS_FRONTEND_VERSION
_.CRISPY_TEMPLATE_PACK
_.CSRF_COOKIE_SECURE
_.CSRF_TRUSTED_ORIGINS
_.DEFAULT_AUTO_FIELD
_.EMAIL_BACKEND
_.EMAIL_FILE_PATH
_.EMAIL_HOST
_.EMAIL_HOST_PASSWORD
_.EMAIL_HOST_USER
_.EMAIL_PORT
_.EMAIL_USE_TLS
_.INSTALLED_APPS
_.JOBS_QUEUED_TOO_LONG_SECONDS
_.JOBS_STALE_AFTER_SECONDS
_.LANGUAGE_CODE
_.LANGUAGES
_.LOCALE_PATHS
_.LOGIN_REDIRECT_URL
_.LOGIN_URL
_.MEDIA_ROOT
_.MEDIA_URL
_.MESSAGE_STORAGE
_.MFA_SUPPORTED_TYPES
_.MFA_TOTP_ISSUER
_.MFA_TOTP_TOLERANCE
_.SOCIALACCOUNT_ADAPTER
_.SOCIALACCOUNT_EMAIL_AUTHENTICATION
_.SOCIALACCOUNT_REQUESTS_TIMEOUT
_.SOCIALACCOUNT_STORE_TOKENS
_.MIDDLEWARE
_.MODELTRANS_ADD_FIELD_HELP_TEXT
_.MODELTRANS_DEFAULT_LANGUAGE
_.MODELTRANS_FALLBACK
_.NINJA_PAGINATION_MAX_LIMIT
_.PASSWORD_HASHERS
_.PERMISSIONS_POLICY
_.RATELIMIT_FAIL_OPEN
_.RATELIMIT_IP_META_KEY
_.RATELIMIT_VIEW
_.ROOT_URLCONF
_.SECURE_CONTENT_TYPE_NOSNIFF
_.SECURE_HSTS_INCLUDE_SUBDOMAINS
_.SECURE_HSTS_PRELOAD
_.SECURE_HSTS_SECONDS
_.SECURE_PROXY_SSL_HEADER
_.SECURE_REDIRECT_EXEMPT
_.SECURE_REFERRER_POLICY
_.SECURE_SSL_REDIRECT
_.SESSION_COOKIE_HTTPONLY
_.SESSION_COOKIE_SAMESITE
_.SESSION_COOKIE_SECURE
_.SILENCED_SYSTEM_CHECKS
_.SIMPLE_HISTORY_HISTORY_ID_USE_UUID
_.STATIC_ROOT
_.STATIC_URL
_.STATICFILES_DIRS
_.TEMPLATES
_.USE_I18N
_.USE_TZ
_.WSGI_APPLICATION
_.X_FRAME_OPTIONS

# django-ninja: operations registered on a router by decorator (the router calls
# them), exception handlers registered on the API, and response-schema fields
# filled from the dicts the operations return.
_.assets_import
# Ninja's hooks: a paginator's Input schema, an HttpBearer's authenticate, and the
# throttle's request budget, read by its base class.
_.authenticate
_.Input
_.num_requests
# Token fields read by name through api.models.SCOPE_FIELDS, and the write log's
# time, read by its ordering.
_.at
_.can_import
_.can_read
_.can_write_measurements
_.can_send_returns
_.confirmed_on
_.corrected_later
_.indicator_ids
_.join_url
_.needs_import
_.package_url
_.overrides_checks
_.panel_meetings
_.results_url
_.return_send
_.status_label
_.survey_results_view
_.team_contracts
_.team_cycles
_.team_indicators
_.team_measurements
_.team_needs
_.team_outcomes
_._failed
_._http_error
_._invalid
_._unauthorised
