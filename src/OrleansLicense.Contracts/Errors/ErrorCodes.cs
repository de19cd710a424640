namespace OrleansLicense.Contracts.Errors;

/// <summary>The stable error codes of the HTTP API (the <c>code</c> member of every problem details body).</summary>
public static class ErrorCodes
{
    /// <summary>400: malformed JSON, missing or out-of-range field (detail names the field).</summary>
    public const string BadRequest = "bad_request";

    /// <summary>401: admin call without valid credentials.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: credentials valid but an access rule denies, or a relationship secret is wrong.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>403: a local-only license asked for from a non-loopback address.</summary>
    public const string LocalOnly = "local_only";

    /// <summary>403: an admin call from a non-loopback address over plain HTTP (use HTTPS, or allow it explicitly).</summary>
    public const string HttpsRequired = "https_required";

    /// <summary>404: unknown license, product, feature, session, borrow.</summary>
    public const string NotFound = "not_found";

    /// <summary>410: the session was kicked (timeout or admin).</summary>
    public const string SessionExpired = "session_expired";

    /// <summary>409: not enough free seats; detail says which feature, free and requested.</summary>
    public const string SeatsExhausted = "seats_exhausted";

    /// <summary>422: an imported document fails verification.</summary>
    public const string LicenseSignatureInvalid = "license_signature_invalid";

    /// <summary>422: an imported or used license is past its expiry.</summary>
    public const string LicenseExpired = "license_expired";

    /// <summary>422: the license is bound to another server or cluster.</summary>
    public const string LicenseBindingMismatch = "license_binding_mismatch";

    /// <summary>422: license not borrowable.</summary>
    public const string BorrowNotAllowed = "borrow_not_allowed";

    /// <summary>422: borrow hours over the product's rule.</summary>
    public const string BorrowLimit = "borrow_limit";

    /// <summary>422: returning a distribution.</summary>
    public const string NotReturnable = "not_returnable";

    /// <summary>422: a borrow request, response or return file is malformed, tampered with or not signed by the right key.</summary>
    public const string BorrowFileInvalid = "borrow_file_invalid";

    /// <summary>422: a borrow file or borrow is past its expiry.</summary>
    public const string BorrowFileExpired = "borrow_file_expired";

    /// <summary>409: a borrow request or return file was already used.</summary>
    public const string BorrowReplayed = "borrow_replayed";

    /// <summary>422: a borrow file belongs to another machine (fingerprint).</summary>
    public const string FingerprintMismatch = "fingerprint_mismatch";

    /// <summary>403: forced authentication: the client must upload its usage record before further use (R-USE-1).</summary>
    public const string UsageUploadRequired = "usage_upload_required";

    /// <summary>422: the license is not flagged for what was asked (usage statistics, peak upload).</summary>
    public const string NotEnabled = "not_enabled";

    /// <summary>409: the license or feature is deactivated.</summary>
    public const string LicenseDeactivated = "license_deactivated";

    /// <summary>409: a re-import that would unset borrowable or distributable, or another conflicting change.</summary>
    public const string Conflict = "conflict";

    /// <summary>503: login while the cluster is in maintenance mode.</summary>
    public const string Maintenance = "maintenance";

    /// <summary>503: the silo cannot see a quorum (triad); body lists other servers.</summary>
    public const string NoQuorum = "no_quorum";

    /// <summary>409: a silo named is already in a triad or a backup relationship (R-REL-1), or a triad exists already.</summary>
    public const string AlreadyInRelationship = "already_in_relationship";

    /// <summary>409: there is no triad (or relationship) to view, change or dissolve.</summary>
    public const string NotInRelationship = "not_in_relationship";

    /// <summary>422: creating a triad needs at least one enterprise license (R-REL-1).</summary>
    public const string EnterpriseRequired = "enterprise_required";

    /// <summary>409: a backup relationship's settings older than (or as old as, with other content) those applied already (R-BAK-2).</summary>
    public const string SettingsStale = "settings_stale";

    /// <summary>422: a backup relationship's license mapping is wrong: the detail names the unmapped or mismatched license (R-BAK-1).</summary>
    public const string BackupMappingInvalid = "backup_mapping_invalid";

    /// <summary>422: a backup file (license list, relationship data, settings export) is malformed, changed after signing or another server's (R-BAK-3).</summary>
    public const string BackupFileInvalid = "backup_file_invalid";

    /// <summary>503: the backup partner cannot be reached (R-BAK-1).</summary>
    public const string PartnerUnreachable = "partner_unreachable";

    /// <summary>502: the backup partner refused this server's admin token or relationship credential (R-SEC-2).</summary>
    public const string PartnerRefused = "partner_refused";

    /// <summary>409: a triad is a grid; a lone silo on SQLite cannot form one.</summary>
    public const string GridRequired = "grid_required";

    /// <summary>422: a silo named is not an active member of this grid (or of the triad).</summary>
    public const string TriadSiloUnknown = "triad_silo_unknown";

    /// <summary>400: the three silos are not three different ones, or the roles are not one each.</summary>
    public const string TriadRolesInvalid = "triad_roles_invalid";

    /// <summary>409: the triad node to replace is still active; only a dead node is replaced.</summary>
    public const string TriadNodeAlive = "triad_node_alive";

    /// <summary>502: dissolving with licenses=move, the target server (URL + admin token) cannot be reached, refuses the token, or is this grid; nothing was changed.</summary>
    public const string TriadMoveTargetUnreachable = "triad_move_target_unreachable";

    /// <summary>502: dissolving with licenses=move, the target refused some licenses; the triad is dissolved and those stay active here (the body names each).</summary>
    public const string TriadMoveIncomplete = "triad_move_incomplete";

    /// <summary>413: body above the limit (default 1 MiB).</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>405: the path exists but not with this HTTP method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>414: the request target (path and query) is longer than the server reads.</summary>
    public const string UriTooLong = "uri_too_long";

    /// <summary>415: a body that is not <c>application/json</c> where JSON is read.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>429: repeated failed admin authentication from one address; <c>Retry-After</c> says when to try again.</summary>
    public const string TooManyRequests = "too_many_requests";

    /// <summary>500: an unexpected server error (logged on the server; no stack trace is sent).</summary>
    public const string InternalError = "internal_error";
}
