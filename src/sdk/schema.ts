// Generated from /api/v1/openapi.json by `npm run sdk:generate`. Do not edit: a test fails when it drifts.
export interface paths {
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit events, oldest first (filter by time, principal, action, target, outcome; cursor) */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export audit events as JSON lines (application/x-ndjson), oldest first: evidence for an auditor */
        get: operations["exportAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recompute the hash chain; name the first event that was edited, deleted or inserted */
        post: operations["verifyAudit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List groups */
        get: operations["listGroups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a group and its members */
        get: operations["getGroup"];
        /** Create or update a group */
        put: operations["createOrUpdateGroup"];
        post?: never;
        /** Delete a group */
        delete: operations["deleteGroup"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/members/{member}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a user or service principal to a group */
        put: operations["addGroupMember"];
        post?: never;
        /** Remove a member from a group */
        delete: operations["removeGroupMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a long-running operation */
        get: operations["getOperation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List registries */
        get: operations["listRegistries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a registry */
        get: operations["getRegistry"];
        /** Create or update a registry (202 + Location of the operation) */
        put: operations["createOrUpdateRegistry"];
        post?: never;
        /** Delete a registry (202 + Location; 409 while it holds assets unless force=true) */
        delete: operations["deleteRegistry"];
        options?: never;
        head?: never;
        /** Update description, tags or regions of a registry (200, or 202 + Location when regions change) */
        patch: operations["updateRegistry"];
        trace?: never;
    };
    "/api/v1/registries/{scope}/data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the data of a registry (filter, orderBy, cursor) */
        get: operations["listRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a data (its aliases and latest version) */
        get: operations["getRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a data's description or tags */
        patch: operations["updateRegistryData"];
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version an alias points at now */
        get: operations["resolveAliasRegistryData"];
        /** Point an alias at a ready version (a protected alias needs …/assets/approve); `protected` marks it */
        put: operations["setAliasRegistryData"];
        post?: never;
        /** Remove an alias (recorded in its history) */
        delete: operations["removeAliasRegistryData"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/aliases/{alias}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a protected alias to move to a version */
        post: operations["requestApprovalRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/aliases/{alias}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every move of an alias, newest first; `at=` answers which version it named at that time */
        get: operations["aliasHistoryRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/aliases/{alias}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an alias back to its previous version (200), or file an approval request when it is protected (202) */
        post: operations["rollbackAliasRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approval requests of an asset, newest first */
        get: operations["listApprovalsRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/approvals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant a request: the alias moves (never by the requester) */
        post: operations["approveApprovalRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/approvals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request */
        post: operations["rejectApprovalRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a data's versions (ready ones by default; filter, orderBy, cursor) */
        get: operations["listVersionsRegistryData"];
        put?: never;
        /** Begin a data version: lists the blobs the server lacks (the asset is created on first use) */
        post: operations["beginVersionRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a data version with its files */
        get: operations["getVersionRegistryData"];
        put?: never;
        post?: never;
        /** Delete a version (409 while an alias points at it unless force=true) */
        delete: operations["deleteVersionRegistryData"];
        options?: never;
        head?: never;
        /** Update a data version's description, tags or properties */
        patch: operations["updateVersionRegistryData"];
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a version (hidden from lists and alias targets, still downloadable) */
        post: operations["archiveVersionRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Commit a pending version: it becomes ready and `latest` moves to it */
        post: operations["commitVersionRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Evidence for an auditor: the version, its files and digests, lineage, alias moves, approvals and audit events (needs audit/read) */
        get: operations["versionEvidenceRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a version (Range → 206; ETag is the digest) */
        get: operations["downloadFileRegistryData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived version */
        post: operations["restoreVersionRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/data/{name}/versions/{version}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share a ready version into a registry or another workspace (no bytes copied in the same region) */
        post: operations["shareVersionRegistryData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the models of a registry (filter, orderBy, cursor) */
        get: operations["listRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a model (its aliases and latest version) */
        get: operations["getRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a model's description or tags */
        patch: operations["updateRegistryModel"];
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version an alias points at now */
        get: operations["resolveAliasRegistryModel"];
        /** Point an alias at a ready version (a protected alias needs …/assets/approve); `protected` marks it */
        put: operations["setAliasRegistryModel"];
        post?: never;
        /** Remove an alias (recorded in its history) */
        delete: operations["removeAliasRegistryModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/aliases/{alias}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a protected alias to move to a version */
        post: operations["requestApprovalRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/aliases/{alias}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every move of an alias, newest first; `at=` answers which version it named at that time */
        get: operations["aliasHistoryRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/aliases/{alias}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an alias back to its previous version (200), or file an approval request when it is protected (202) */
        post: operations["rollbackAliasRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approval requests of an asset, newest first */
        get: operations["listApprovalsRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/approvals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant a request: the alias moves (never by the requester) */
        post: operations["approveApprovalRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/approvals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request */
        post: operations["rejectApprovalRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a model's versions (ready ones by default; filter, orderBy, cursor) */
        get: operations["listVersionsRegistryModel"];
        put?: never;
        /** Begin a model version: lists the blobs the server lacks (the asset is created on first use) */
        post: operations["beginVersionRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a model version with its files */
        get: operations["getVersionRegistryModel"];
        put?: never;
        post?: never;
        /** Delete a version (409 while an alias points at it unless force=true) */
        delete: operations["deleteVersionRegistryModel"];
        options?: never;
        head?: never;
        /** Update a model version's description, tags or properties */
        patch: operations["updateVersionRegistryModel"];
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a version (hidden from lists and alias targets, still downloadable) */
        post: operations["archiveVersionRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Commit a pending version: it becomes ready and `latest` moves to it */
        post: operations["commitVersionRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Evidence for an auditor: the version, its files and digests, lineage, alias moves, approvals and audit events (needs audit/read) */
        get: operations["versionEvidenceRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a version (Range → 206; ETag is the digest) */
        get: operations["downloadFileRegistryModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived version */
        post: operations["restoreVersionRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/models/{name}/versions/{version}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share a ready version into a registry or another workspace (no bytes copied in the same region) */
        post: operations["shareVersionRegistryModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a resumable upload session (202, Location) */
        post: operations["startUploadRegistry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registries/{scope}/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where an upload stands (to resume) */
        get: operations["getUploadRegistry"];
        /** Finish an upload with its digest (and an optional last chunk); the blob becomes visible */
        put: operations["finishUploadRegistry"];
        post?: never;
        /** Cancel an upload; its bytes are removed */
        delete: operations["cancelUploadRegistry"];
        options?: never;
        head?: never;
        /** Append a chunk (Content-Range start-end); out of order → 416 with the Range held */
        patch: operations["appendUploadRegistry"];
        trace?: never;
    };
    "/api/v1/role-assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Role assignments, at org or one registry/workspace */
        get: operations["listRoleAssignments"];
        put?: never;
        /** Assign a role to a user, service principal or group at org, a registry or a workspace */
        post: operations["createRoleAssignment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a role assignment (never the last org Owner) */
        delete: operations["deleteRoleAssignment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Built-in and custom roles */
        get: operations["listRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roles/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a role and the permissions it grants */
        get: operations["getRole"];
        /** Create a custom role (actions / not_actions with * wildcards) */
        put: operations["createRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-principals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List service-principals */
        get: operations["listServicePrincipals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-principals/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a service */
        get: operations["getServicePrincipal"];
        /** Create or update a service */
        put: operations["createOrUpdateServicePrincipal"];
        post?: never;
        /** Delete a service (never the last Owner) */
        delete: operations["deleteServicePrincipal"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-principals/{name}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (never their secrets) */
        get: operations["listServicePrincipalTokens"];
        put?: never;
        /** Create a token; the secret is in `token`, shown once */
        post: operations["createServicePrincipalToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token (your own, or any with principals/write) */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a user */
        get: operations["getUser"];
        /** Create or update a user */
        put: operations["createOrUpdateUser"];
        post?: never;
        /** Delete a user (never the last Owner) */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{name}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (never their secrets) */
        get: operations["listUserTokens"];
        put?: never;
        /** Create a token; the secret is in `token`, shown once */
        post: operations["createUserToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, its token narrowing and its role assignments */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List workspaces */
        get: operations["listWorkspaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a workspace */
        get: operations["getWorkspace"];
        /** Create or update a workspace (202 + Location of the operation) */
        put: operations["createOrUpdateWorkspace"];
        post?: never;
        /** Delete a workspace (202 + Location; 409 while it holds assets unless force=true) */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /** Update description, tags or regions of a workspace (200, or 202 + Location when regions change) */
        patch: operations["updateWorkspace"];
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the data of a workspace (filter, orderBy, cursor) */
        get: operations["listWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a data (its aliases and latest version) */
        get: operations["getWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a data's description or tags */
        patch: operations["updateWorkspaceData"];
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version an alias points at now */
        get: operations["resolveAliasWorkspaceData"];
        /** Point an alias at a ready version (a protected alias needs …/assets/approve); `protected` marks it */
        put: operations["setAliasWorkspaceData"];
        post?: never;
        /** Remove an alias (recorded in its history) */
        delete: operations["removeAliasWorkspaceData"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/aliases/{alias}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a protected alias to move to a version */
        post: operations["requestApprovalWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/aliases/{alias}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every move of an alias, newest first; `at=` answers which version it named at that time */
        get: operations["aliasHistoryWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/aliases/{alias}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an alias back to its previous version (200), or file an approval request when it is protected (202) */
        post: operations["rollbackAliasWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approval requests of an asset, newest first */
        get: operations["listApprovalsWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/approvals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant a request: the alias moves (never by the requester) */
        post: operations["approveApprovalWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/approvals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request */
        post: operations["rejectApprovalWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a data's versions (ready ones by default; filter, orderBy, cursor) */
        get: operations["listVersionsWorkspaceData"];
        put?: never;
        /** Begin a data version: lists the blobs the server lacks (the asset is created on first use) */
        post: operations["beginVersionWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a data version with its files */
        get: operations["getVersionWorkspaceData"];
        put?: never;
        post?: never;
        /** Delete a version (409 while an alias points at it unless force=true) */
        delete: operations["deleteVersionWorkspaceData"];
        options?: never;
        head?: never;
        /** Update a data version's description, tags or properties */
        patch: operations["updateVersionWorkspaceData"];
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a version (hidden from lists and alias targets, still downloadable) */
        post: operations["archiveVersionWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Commit a pending version: it becomes ready and `latest` moves to it */
        post: operations["commitVersionWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Evidence for an auditor: the version, its files and digests, lineage, alias moves, approvals and audit events (needs audit/read) */
        get: operations["versionEvidenceWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a version (Range → 206; ETag is the digest) */
        get: operations["downloadFileWorkspaceData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived version */
        post: operations["restoreVersionWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/data/{name}/versions/{version}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share a ready version into a registry or another workspace (no bytes copied in the same region) */
        post: operations["shareVersionWorkspaceData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the models of a workspace (filter, orderBy, cursor) */
        get: operations["listWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a model (its aliases and latest version) */
        get: operations["getWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a model's description or tags */
        patch: operations["updateWorkspaceModel"];
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version an alias points at now */
        get: operations["resolveAliasWorkspaceModel"];
        /** Point an alias at a ready version (a protected alias needs …/assets/approve); `protected` marks it */
        put: operations["setAliasWorkspaceModel"];
        post?: never;
        /** Remove an alias (recorded in its history) */
        delete: operations["removeAliasWorkspaceModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/aliases/{alias}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a protected alias to move to a version */
        post: operations["requestApprovalWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/aliases/{alias}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every move of an alias, newest first; `at=` answers which version it named at that time */
        get: operations["aliasHistoryWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/aliases/{alias}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an alias back to its previous version (200), or file an approval request when it is protected (202) */
        post: operations["rollbackAliasWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approval requests of an asset, newest first */
        get: operations["listApprovalsWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/approvals/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant a request: the alias moves (never by the requester) */
        post: operations["approveApprovalWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/approvals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request */
        post: operations["rejectApprovalWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a model's versions (ready ones by default; filter, orderBy, cursor) */
        get: operations["listVersionsWorkspaceModel"];
        put?: never;
        /** Begin a model version: lists the blobs the server lacks (the asset is created on first use) */
        post: operations["beginVersionWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a model version with its files */
        get: operations["getVersionWorkspaceModel"];
        put?: never;
        post?: never;
        /** Delete a version (409 while an alias points at it unless force=true) */
        delete: operations["deleteVersionWorkspaceModel"];
        options?: never;
        head?: never;
        /** Update a model version's description, tags or properties */
        patch: operations["updateVersionWorkspaceModel"];
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a version (hidden from lists and alias targets, still downloadable) */
        post: operations["archiveVersionWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Commit a pending version: it becomes ready and `latest` moves to it */
        post: operations["commitVersionWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Evidence for an auditor: the version, its files and digests, lineage, alias moves, approvals and audit events (needs audit/read) */
        get: operations["versionEvidenceWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a version (Range → 206; ETag is the digest) */
        get: operations["downloadFileWorkspaceModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived version */
        post: operations["restoreVersionWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/models/{name}/versions/{version}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share a ready version into a registry or another workspace (no bytes copied in the same region) */
        post: operations["shareVersionWorkspaceModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a resumable upload session (202, Location) */
        post: operations["startUploadWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{scope}/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where an upload stands (to resume) */
        get: operations["getUploadWorkspace"];
        /** Finish an upload with its digest (and an optional last chunk); the blob becomes visible */
        put: operations["finishUploadWorkspace"];
        post?: never;
        /** Cancel an upload; its bytes are removed */
        delete: operations["cancelUploadWorkspace"];
        options?: never;
        head?: never;
        /** Append a chunk (Content-Range start-end); out of order → 416 with the Range held */
        patch: operations["appendUploadWorkspace"];
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OCI base endpoint: 200 with a valid token, otherwise 401 with the token-flow challenge */
        get: operations["ociBase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/blobs/{digest}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pull a blob (Range → 206) */
        get: operations["ociGetBlob"];
        put?: never;
        post?: never;
        /** Remove a blob from the repository (202) */
        delete: operations["ociDeleteBlob"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/blobs/uploads/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an upload (202, Location); ?digest= uploads monolithically (201); ?mount=&from= mounts from another repository (201) */
        post: operations["ociStartUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/blobs/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where an upload stands (204, Range) */
        get: operations["ociGetUpload"];
        /** Finish an upload with ?digest= (and an optional last chunk): 201, Location of the blob */
        put: operations["ociFinishUpload"];
        post?: never;
        /** Cancel an upload; its bytes are removed (204) */
        delete: operations["ociCancelUpload"];
        options?: never;
        head?: never;
        /** Append a chunk (Content-Range start-end, or streamed); out of order → 416 with Range */
        patch: operations["ociAppendUpload"];
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/manifests/{reference}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pull a manifest by tag, version label, alias or digest */
        get: operations["ociGetManifest"];
        /** Push a manifest (image, index, Docker v2 schema 2 or list; at most 4 MiB): 201, OCI-Subject when it has a subject */
        put: operations["ociPutManifest"];
        post?: never;
        /** Delete a manifest by digest, or a tag (202) */
        delete: operations["ociDeleteManifest"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/referrers/{digest}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Manifests whose subject is the digest, as an OCI image index (artifactType filters) */
        get: operations["ociListReferrers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/{scope}/{segment}/{name}/tags/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tags (and version labels) in lexical order; n and last page through them (Link header) */
        get: operations["ociListTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Docker token flow: Basic auth with an Arca token as the password → a short-lived token for the requested scopes */
        get: operations["ociToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AliasMove: {
            alias: string;
            /** Format: date-time */
            at: string;
            by: string;
            from_version: string | null;
            to_version: string | null;
        };
        Approval: {
            alias: string;
            decided_at: string | null;
            decided_by: string | null;
            decision_reason: string | null;
            id: string;
            reason: string | null;
            requested_at: string;
            requested_by: string;
            state: "pending" | "approved" | "rejected";
            version: string;
        };
        Asset: {
            /** @description alias → version label */
            aliases: {
                [key: string]: string;
            };
            /** Format: date-time */
            created_at: string;
            created_by: string;
            description: string | null;
            id: string;
            latest_version: string | null;
            name: string;
            reference: string;
            scope: {
                kind: "registry" | "workspace";
                name: string;
            };
            /** @description Tags. */
            tags: {
                [key: string]: string;
            };
            type: string;
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
        };
        AuditEvent: {
            /** @description The permission exercised or missing (`models/versions/commit`, `audit/read`, `authenticate`, …). */
            action: string;
            /** Format: date-time */
            at: string;
            /** @description Before/after summary; secrets are redacted. */
            details: unknown;
            /** @description sha256 (hex) of the JSON array [seq, id, at, principal, action, target, outcome, request_id, source, details, prev_hash], with details as canonical JSON text (sorted keys, no spaces) or null. */
            hash: string | null;
            id: string;
            /** @description `succeeded`, `denied` or `failed`. */
            outcome: string;
            prev_hash: string | null;
            /** @description Who acted; `(anonymous)` for a request without a valid token. */
            principal: string;
            request_id: string | null;
            /** @description Position in the chain, from 1, without gaps. */
            seq: number;
            /** @description The client address. */
            source: string | null;
            /** @description An `arca://` reference, or `METHOD /path` for a refused request. */
            target: string;
        };
        FileEntry: {
            /** @description `sha256:<64 hex>` */
            digest: string;
            /** @description Relative, `/`-separated path inside the version. */
            path: string;
            size: number;
        };
        Principal: {
            created_at: string;
            created_by: string;
            disabled: boolean;
            display_name: string | null;
            email: string | null;
            id: string;
            kind: string;
            name: string;
        };
        RegionSpec: {
            /** @description Region name, `[a-z][a-z0-9-]{1,31}`. */
            location: string;
            storage_config?: components["schemas"]["StorageConfig"];
        };
        RegionView: {
            error?: string;
            location: string;
            provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
            storage_config: components["schemas"]["StorageConfig"];
        };
        Registry: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            description: string | null;
            discovery_url: string;
            id: string;
            location: string;
            name: string;
            provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
            public_network_access: "enabled" | "disabled" | null;
            replication_locations: components["schemas"]["RegionView"][];
            /** @description Free key/value metadata. */
            tags: {
                [key: string]: string;
            };
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
        };
        Role: {
            actions: string[];
            built_in: boolean;
            description: string;
            name: string;
            not_actions: string[];
            permissions: string[];
        };
        RoleAssignment: {
            /** @description `user:alice`, `service:ci`, `group:team-a` */
            assignee: string;
            created_at: string;
            created_by: string;
            id: string;
            role: string;
            /** @description `org`, `registry:<name>`, `workspace:<name>` */
            scope: string;
        };
        StorageConfig: {
            storage_account_hns?: boolean;
            /** @description Standard_LRS, Standard_GRS, Standard_ZRS, Premium_LRS, … */
            storage_account_type?: string;
        };
        Token: {
            created_at: string;
            expires_at: string | null;
            id: string;
            last_used_at: string | null;
            name: string;
            read_only: boolean;
            revoked_at: string | null;
            scope: string | null;
            /** @description The secret: shown once, when the token is created. */
            token?: string;
        };
        Version: {
            aliases: string[];
            committed_at: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: string;
            data_type?: string;
            description: string | null;
            file_count: number;
            files?: components["schemas"]["FileEntry"][];
            flavor?: string;
            framework?: string;
            id: string;
            job?: string;
            manifest_digest: string | null;
            name: string;
            /** @description The version this one was shared from. */
            origin?: string;
            /** @description Properties. */
            properties: {
                [key: string]: string;
            };
            /** @description Canonical `arca://` reference. */
            reference: string;
            scope: {
                kind: "registry" | "workspace";
                name: string;
            };
            source?: string;
            state: "pending" | "ready" | "archived";
            /** @description Tags. */
            tags: {
                [key: string]: string;
            };
            total_size: number;
            type: string;
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
            version: string;
        };
        Workspace: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            description: string | null;
            discovery_url: string;
            id: string;
            location: string;
            name: string;
            provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
            storage_config: components["schemas"]["StorageConfig"];
            /** @description Free key/value metadata. */
            tags: {
                [key: string]: string;
            };
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAudit: {
        parameters: {
            query?: {
                action?: string;
                /** @description The `next` value of the previous page. */
                cursor?: string;
                outcome?: "succeeded" | "denied" | "failed";
                principal?: string;
                /** @description ISO-8601 date or date-time (UTC unless an offset is given); inclusive. */
                since?: string;
                /** @description A reference: events about it and everything under it. */
                target?: string;
                /** @description Page size (at most 1000). */
                top?: number;
                /** @description ISO-8601 date or date-time; exclusive. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Cursor for the next page; absent on the last page. */
                        next?: string;
                        /** @description Relative URL of the next page. */
                        nextLink?: string;
                        value: components["schemas"]["AuditEvent"][];
                    };
                };
            };
        };
    };
    exportAudit: {
        parameters: {
            query?: {
                /** @description ISO-8601 date or date-time (UTC unless an offset is given); inclusive. */
                since?: string;
                /** @description ISO-8601 date or date-time; exclusive. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description One event per line. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        /** @description The permission exercised or missing (`models/versions/commit`, `audit/read`, `authenticate`, …). */
                        action: string;
                        /** Format: date-time */
                        at: string;
                        /** @description Before/after summary; secrets are redacted. */
                        details: unknown;
                        /** @description sha256 (hex) of the JSON array [seq, id, at, principal, action, target, outcome, request_id, source, details, prev_hash], with details as canonical JSON text (sorted keys, no spaces) or null. */
                        hash: string | null;
                        id: string;
                        /** @description `succeeded`, `denied` or `failed`. */
                        outcome: string;
                        prev_hash: string | null;
                        /** @description Who acted; `(anonymous)` for a request without a valid token. */
                        principal: string;
                        request_id: string | null;
                        /** @description Position in the chain, from 1, without gaps. */
                        seq: number;
                        /** @description The client address. */
                        source: string | null;
                        /** @description An `arca://` reference, or `METHOD /path` for a refused request. */
                        target: string;
                    };
                };
            };
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Events verified (before the break, when there is one). */
                        events: number;
                        first_broken?: {
                            id: string;
                            /** @description `hash-mismatch`: the row was edited; `seq-gap` or `prev-hash-mismatch`: a row before it was deleted or inserted. */
                            reason: "hash-mismatch" | "prev-hash-mismatch" | "seq-gap";
                            seq: number;
                        };
                        /** @description Hash of the last event when the chain holds; keep it to detect a truncated log later. */
                        head_hash?: string;
                        ok: boolean;
                    };
                };
            };
        };
    };
    listGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: {
                            description: string | null;
                            id: string;
                            name: string;
                        }[];
                    };
                };
            };
        };
    };
    getGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string | null;
                        id: string;
                        members: {
                            kind: string;
                            name: string;
                        }[];
                        name: string;
                    };
                };
            };
        };
    };
    createOrUpdateGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string | null;
                        id: string;
                        members: {
                            kind: string;
                            name: string;
                        }[];
                        name: string;
                    };
                };
            };
        };
    };
    deleteGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    addGroupMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string | null;
                        id: string;
                        members: {
                            kind: string;
                            name: string;
                        }[];
                        name: string;
                    };
                };
            };
        };
    };
    removeGroupMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string | null;
                        id: string;
                        members: {
                            kind: string;
                            name: string;
                        }[];
                        name: string;
                    };
                };
            };
        };
    };
    getOperation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    listRegistries: {
        parameters: {
            query?: {
                /** @description The `next` value of the previous page. */
                cursor?: string;
                /** @description `key` or `key=value`; repeat to require several. */
                tag?: string[];
                /** @description Page size (at most 1000). */
                top?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Cursor for the next page; absent on the last page. */
                        next?: string;
                        /** @description Relative URL of the next page. */
                        nextLink?: string;
                        value: components["schemas"]["Registry"][];
                    };
                };
            };
        };
    };
    getRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        discovery_url: string;
                        id: string;
                        location: string;
                        name: string;
                        provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
                        public_network_access: "enabled" | "disabled" | null;
                        replication_locations: components["schemas"]["RegionView"][];
                        /** @description Free key/value metadata. */
                        tags: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    createOrUpdateRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Accepted and ignored, as Azure files carry it. */
                    $schema?: string;
                    description?: string;
                    /** @description The primary region; immutable. */
                    location: string;
                    /** @description Must equal the name in the URL when given. */
                    name?: string;
                    public_network_access?: "enabled" | "disabled";
                    /** @description Every region, the primary included. */
                    replication_locations?: components["schemas"]["RegionSpec"][];
                    /** @description Free key/value metadata. */
                    tags?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    deleteRegistry: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
        };
    };
    updateRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    add_replication_locations?: components["schemas"]["RegionSpec"][];
                    description?: string | null;
                    remove_replication_locations?: string[];
                    /** @description Tags to merge; a null value removes the tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        discovery_url: string;
                        id: string;
                        location: string;
                        name: string;
                        provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
                        public_network_access: "enabled" | "disabled" | null;
                        replication_locations: components["schemas"]["RegionView"][];
                        /** @description Free key/value metadata. */
                        tags: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    listRegistryData: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Asset"][];
                    };
                };
            };
        };
    };
    getRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    updateRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    resolveAliasRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    setAliasRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    protected?: boolean;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    removeAliasRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    requestApprovalRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    aliasHistoryRegistryData: {
        parameters: {
            query?: {
                at?: string;
            };
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["AliasMove"][];
                    };
                };
            };
        };
    };
    rollbackAliasRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listApprovalsRegistryData: {
        parameters: {
            query?: {
                state?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Approval"][];
                    };
                };
            };
        };
    };
    approveApprovalRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    rejectApprovalRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listVersionsRegistryData: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                include_archived?: boolean;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Version"][];
                    };
                };
            };
        };
    };
    beginVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Data: uri_file (one file), uri_folder (default) or mltable. */
                    data_type?: "uri_file" | "uri_folder" | "mltable";
                    description?: string;
                    files: components["schemas"]["FileEntry"][];
                    /** @description Models: the MLflow-style flavor (e.g. `sklearn`, `pytorch`). */
                    flavor?: string;
                    /** @description Models: framework and version (e.g. `torch==2.3`). */
                    framework?: string;
                    /** @description The job that produced the version (free text for now). */
                    job?: string;
                    /** @description Free key/value properties (metrics, parameters). */
                    properties?: {
                        [key: string]: string;
                    };
                    /** @description Where the version came from (free text for now). */
                    source?: string;
                    /** @description Tags of the version. */
                    tags?: {
                        [key: string]: string;
                    };
                    /** @description Label; the next integer when omitted. */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
        };
    };
    getVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    deleteVersionRegistryData: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Properties to merge; null removes one. */
                    properties?: {
                        [key: string]: string | null;
                    };
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    archiveVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    commitVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    versionEvidenceRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    downloadFileRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
        };
    };
    restoreVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    shareVersionRegistryData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Asset name in the target; the same name by default. */
                    name?: string;
                    /** @description Target registry (or give workspace). */
                    registry?: string;
                    /** @description Version label in the target; the same label by default. */
                    version?: string;
                    /** @description Target workspace (or give registry). */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    listRegistryModel: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Asset"][];
                    };
                };
            };
        };
    };
    getRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    updateRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    resolveAliasRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    setAliasRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    protected?: boolean;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    removeAliasRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    requestApprovalRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    aliasHistoryRegistryModel: {
        parameters: {
            query?: {
                at?: string;
            };
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["AliasMove"][];
                    };
                };
            };
        };
    };
    rollbackAliasRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listApprovalsRegistryModel: {
        parameters: {
            query?: {
                state?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Approval"][];
                    };
                };
            };
        };
    };
    approveApprovalRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    rejectApprovalRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listVersionsRegistryModel: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                include_archived?: boolean;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Version"][];
                    };
                };
            };
        };
    };
    beginVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Data: uri_file (one file), uri_folder (default) or mltable. */
                    data_type?: "uri_file" | "uri_folder" | "mltable";
                    description?: string;
                    files: components["schemas"]["FileEntry"][];
                    /** @description Models: the MLflow-style flavor (e.g. `sklearn`, `pytorch`). */
                    flavor?: string;
                    /** @description Models: framework and version (e.g. `torch==2.3`). */
                    framework?: string;
                    /** @description The job that produced the version (free text for now). */
                    job?: string;
                    /** @description Free key/value properties (metrics, parameters). */
                    properties?: {
                        [key: string]: string;
                    };
                    /** @description Where the version came from (free text for now). */
                    source?: string;
                    /** @description Tags of the version. */
                    tags?: {
                        [key: string]: string;
                    };
                    /** @description Label; the next integer when omitted. */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
        };
    };
    getVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    deleteVersionRegistryModel: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Properties to merge; null removes one. */
                    properties?: {
                        [key: string]: string | null;
                    };
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    archiveVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    commitVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    versionEvidenceRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    downloadFileRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
        };
    };
    restoreVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    shareVersionRegistryModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Asset name in the target; the same name by default. */
                    name?: string;
                    /** @description Target registry (or give workspace). */
                    registry?: string;
                    /** @description Version label in the target; the same label by default. */
                    version?: string;
                    /** @description Target workspace (or give registry). */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    startUploadRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    getUploadRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    finishUploadRegistry: {
        parameters: {
            query: {
                digest: string;
            };
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        digest: string;
                        size: number;
                    };
                };
            };
        };
    };
    cancelUploadRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    appendUploadRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    listRoleAssignments: {
        parameters: {
            query?: {
                registry?: string;
                workspace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["RoleAssignment"][];
                    };
                };
            };
        };
    };
    createRoleAssignment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    group?: string;
                    registry?: string;
                    role: string;
                    service_principal?: string;
                    user?: string;
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description `user:alice`, `service:ci`, `group:team-a` */
                        assignee: string;
                        created_at: string;
                        created_by: string;
                        id: string;
                        role: string;
                        /** @description `org`, `registry:<name>`, `workspace:<name>` */
                        scope: string;
                    };
                };
            };
        };
    };
    deleteRoleAssignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listRoles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Role"][];
                    };
                };
            };
        };
    };
    getRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actions: string[];
                        built_in: boolean;
                        description: string;
                        name: string;
                        not_actions: string[];
                        permissions: string[];
                    };
                };
            };
        };
    };
    createRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    actions: string[];
                    description?: string;
                    name?: string;
                    not_actions?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        actions: string[];
                        built_in: boolean;
                        description: string;
                        name: string;
                        not_actions: string[];
                        permissions: string[];
                    };
                };
            };
        };
    };
    listServicePrincipals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Principal"][];
                    };
                };
            };
        };
    };
    getServicePrincipal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        created_by: string;
                        disabled: boolean;
                        display_name: string | null;
                        email: string | null;
                        id: string;
                        kind: string;
                        name: string;
                    };
                };
            };
        };
    };
    createOrUpdateServicePrincipal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    disabled?: boolean;
                    display_name?: string | null;
                    email?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        created_by: string;
                        disabled: boolean;
                        display_name: string | null;
                        email: string | null;
                        id: string;
                        kind: string;
                        name: string;
                    };
                };
            };
        };
    };
    deleteServicePrincipal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listServicePrincipalTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Token"][];
                    };
                };
            };
        };
    };
    createServicePrincipalToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    name: string;
                    read_only?: boolean;
                    /** @description Limit the token to this registry. */
                    registry?: string;
                    /** @description Limit the token to this workspace. */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        expires_at: string | null;
                        id: string;
                        last_used_at: string | null;
                        name: string;
                        read_only: boolean;
                        revoked_at: string | null;
                        scope: string | null;
                        /** @description The secret: shown once, when the token is created. */
                        token?: string;
                    };
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        expires_at: string | null;
                        id: string;
                        last_used_at: string | null;
                        name: string;
                        read_only: boolean;
                        revoked_at: string | null;
                        scope: string | null;
                        /** @description The secret: shown once, when the token is created. */
                        token?: string;
                    };
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Principal"][];
                    };
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        created_by: string;
                        disabled: boolean;
                        display_name: string | null;
                        email: string | null;
                        id: string;
                        kind: string;
                        name: string;
                    };
                };
            };
        };
    };
    createOrUpdateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    disabled?: boolean;
                    display_name?: string | null;
                    email?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        created_by: string;
                        disabled: boolean;
                        display_name: string | null;
                        email: string | null;
                        id: string;
                        kind: string;
                        name: string;
                    };
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listUserTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Token"][];
                    };
                };
            };
        };
    };
    createUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    name: string;
                    read_only?: boolean;
                    /** @description Limit the token to this registry. */
                    registry?: string;
                    /** @description Limit the token to this workspace. */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        expires_at: string | null;
                        id: string;
                        last_used_at: string | null;
                        name: string;
                        read_only: boolean;
                        revoked_at: string | null;
                        scope: string | null;
                        /** @description The secret: shown once, when the token is created. */
                        token?: string;
                    };
                };
            };
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assignments: components["schemas"]["RoleAssignment"][];
                        principal: components["schemas"]["Principal"];
                        token: {
                            id: string;
                            read_only: boolean;
                            scope: string | null;
                        };
                    };
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: {
                /** @description The `next` value of the previous page. */
                cursor?: string;
                /** @description `key` or `key=value`; repeat to require several. */
                tag?: string[];
                /** @description Page size (at most 1000). */
                top?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Cursor for the next page; absent on the last page. */
                        next?: string;
                        /** @description Relative URL of the next page. */
                        nextLink?: string;
                        value: components["schemas"]["Workspace"][];
                    };
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        discovery_url: string;
                        id: string;
                        location: string;
                        name: string;
                        provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
                        storage_config: components["schemas"]["StorageConfig"];
                        /** @description Free key/value metadata. */
                        tags: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    createOrUpdateWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    $schema?: string;
                    description?: string;
                    /** @description The one region of the workspace; immutable. */
                    location: string;
                    name?: string;
                    storage_config?: components["schemas"]["StorageConfig"];
                    /** @description Free key/value metadata. */
                    tags?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
        };
    };
    updateWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    add_replication_locations?: components["schemas"]["RegionSpec"][];
                    description?: string | null;
                    remove_replication_locations?: string[];
                    /** @description Tags to merge; a null value removes the tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        discovery_url: string;
                        id: string;
                        location: string;
                        name: string;
                        provisioning_state: "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed";
                        storage_config: components["schemas"]["StorageConfig"];
                        /** @description Free key/value metadata. */
                        tags: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        ended_at: string | null;
                        error?: {
                            code: string;
                            message: string;
                        };
                        id: string;
                        kind: string;
                        status: "Running" | "Succeeded" | "Failed";
                        target: {
                            id: string | null;
                            kind: string;
                            name: string;
                        };
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    listWorkspaceData: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Asset"][];
                    };
                };
            };
        };
    };
    getWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    updateWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    resolveAliasWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    setAliasWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    protected?: boolean;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    removeAliasWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    requestApprovalWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    aliasHistoryWorkspaceData: {
        parameters: {
            query?: {
                at?: string;
            };
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["AliasMove"][];
                    };
                };
            };
        };
    };
    rollbackAliasWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listApprovalsWorkspaceData: {
        parameters: {
            query?: {
                state?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Approval"][];
                    };
                };
            };
        };
    };
    approveApprovalWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    rejectApprovalWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listVersionsWorkspaceData: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                include_archived?: boolean;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Version"][];
                    };
                };
            };
        };
    };
    beginVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Data: uri_file (one file), uri_folder (default) or mltable. */
                    data_type?: "uri_file" | "uri_folder" | "mltable";
                    description?: string;
                    files: components["schemas"]["FileEntry"][];
                    /** @description Models: the MLflow-style flavor (e.g. `sklearn`, `pytorch`). */
                    flavor?: string;
                    /** @description Models: framework and version (e.g. `torch==2.3`). */
                    framework?: string;
                    /** @description The job that produced the version (free text for now). */
                    job?: string;
                    /** @description Free key/value properties (metrics, parameters). */
                    properties?: {
                        [key: string]: string;
                    };
                    /** @description Where the version came from (free text for now). */
                    source?: string;
                    /** @description Tags of the version. */
                    tags?: {
                        [key: string]: string;
                    };
                    /** @description Label; the next integer when omitted. */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
        };
    };
    getVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    deleteVersionWorkspaceData: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Properties to merge; null removes one. */
                    properties?: {
                        [key: string]: string | null;
                    };
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    archiveVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    commitVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    versionEvidenceWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    downloadFileWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
        };
    };
    restoreVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    shareVersionWorkspaceData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Asset name in the target; the same name by default. */
                    name?: string;
                    /** @description Target registry (or give workspace). */
                    registry?: string;
                    /** @description Version label in the target; the same label by default. */
                    version?: string;
                    /** @description Target workspace (or give registry). */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    listWorkspaceModel: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Asset"][];
                    };
                };
            };
        };
    };
    getWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    updateWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    resolveAliasWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    setAliasWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    protected?: boolean;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    removeAliasWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
        };
    };
    requestApprovalWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                    version: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    aliasHistoryWorkspaceModel: {
        parameters: {
            query?: {
                at?: string;
            };
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["AliasMove"][];
                    };
                };
            };
        };
    };
    rollbackAliasWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description alias → version label */
                        aliases: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        latest_version: string | null;
                        name: string;
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listApprovalsWorkspaceModel: {
        parameters: {
            query?: {
                state?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: components["schemas"]["Approval"][];
                    };
                };
            };
        };
    };
    approveApprovalWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    rejectApprovalWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alias: string;
                        decided_at: string | null;
                        decided_by: string | null;
                        decision_reason: string | null;
                        id: string;
                        reason: string | null;
                        requested_at: string;
                        requested_by: string;
                        state: "pending" | "approved" | "rejected";
                        version: string;
                    };
                };
            };
        };
    };
    listVersionsWorkspaceModel: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description e.g. `tags.team = 'vision' and created > '2026-01-01'` */
                filter?: string;
                include_archived?: boolean;
                /** @description e.g. `created desc, name` */
                orderBy?: string;
                top?: number;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        next?: string;
                        nextLink?: string;
                        value: components["schemas"]["Version"][];
                    };
                };
            };
        };
    };
    beginVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Data: uri_file (one file), uri_folder (default) or mltable. */
                    data_type?: "uri_file" | "uri_folder" | "mltable";
                    description?: string;
                    files: components["schemas"]["FileEntry"][];
                    /** @description Models: the MLflow-style flavor (e.g. `sklearn`, `pytorch`). */
                    flavor?: string;
                    /** @description Models: framework and version (e.g. `torch==2.3`). */
                    framework?: string;
                    /** @description The job that produced the version (free text for now). */
                    job?: string;
                    /** @description Free key/value properties (metrics, parameters). */
                    properties?: {
                        [key: string]: string;
                    };
                    /** @description Where the version came from (free text for now). */
                    source?: string;
                    /** @description Tags of the version. */
                    tags?: {
                        [key: string]: string;
                    };
                    /** @description Label; the next integer when omitted. */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Blobs the server lacks: upload these, then commit. */
                        missing: {
                            digest: string;
                            size: number;
                        }[];
                        missing_bytes: number;
                        /** @description True when an interrupted pending version with the same files was picked up again. */
                        resumed: boolean;
                        /** @description Where to start upload sessions for this registry or workspace. */
                        upload_url: string;
                        version: components["schemas"]["Version"];
                    };
                };
            };
        };
    };
    getVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    deleteVersionWorkspaceModel: {
        parameters: {
            query?: {
                force?: boolean;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description Properties to merge; null removes one. */
                    properties?: {
                        [key: string]: string | null;
                    };
                    /** @description Tags to merge; null removes a tag. */
                    tags?: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    archiveVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    commitVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    versionEvidenceWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    downloadFileWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
        };
    };
    restoreVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    shareVersionWorkspaceModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                scope: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Asset name in the target; the same name by default. */
                    name?: string;
                    /** @description Target registry (or give workspace). */
                    registry?: string;
                    /** @description Version label in the target; the same label by default. */
                    version?: string;
                    /** @description Target workspace (or give registry). */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        aliases: string[];
                        committed_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        data_type?: string;
                        description: string | null;
                        file_count: number;
                        files?: components["schemas"]["FileEntry"][];
                        flavor?: string;
                        framework?: string;
                        id: string;
                        job?: string;
                        manifest_digest: string | null;
                        name: string;
                        /** @description The version this one was shared from. */
                        origin?: string;
                        /** @description Properties. */
                        properties: {
                            [key: string]: string;
                        };
                        /** @description Canonical `arca://` reference. */
                        reference: string;
                        scope: {
                            kind: "registry" | "workspace";
                            name: string;
                        };
                        source?: string;
                        state: "pending" | "ready" | "archived";
                        /** @description Tags. */
                        tags: {
                            [key: string]: string;
                        };
                        total_size: number;
                        type: string;
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                        version: string;
                    };
                };
            };
        };
    };
    startUploadWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    getUploadWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    finishUploadWorkspace: {
        parameters: {
            query: {
                digest: string;
            };
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        digest: string;
                        size: number;
                    };
                };
            };
        };
    };
    cancelUploadWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    appendUploadWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                scope: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description A stable code from the error catalogue (docs/errors.md). */
                            code: string;
                            details?: {
                                code: string;
                                /** @description 1-based column in a filter expression. */
                                column?: number;
                                message: string;
                                target?: string;
                            }[];
                            message: string;
                            target?: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expires_at: string;
                        id: string;
                        /** @description Bytes the server holds. */
                        offset: number;
                    };
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks?: {
                            [key: string]: string;
                        };
                        status: string;
                    };
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks?: {
                            [key: string]: string;
                        };
                        status: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks?: {
                            [key: string]: string;
                        };
                        status: string;
                    };
                };
            };
        };
    };
    ociBase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociGetBlob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                digest: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociDeleteBlob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                digest: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociStartUpload: {
        parameters: {
            query?: {
                digest?: string;
                from?: string;
                mount?: string;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociGetUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociFinishUpload: {
        parameters: {
            query: {
                digest: string;
            };
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociCancelUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociAppendUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociGetManifest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                reference: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociPutManifest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                reference: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociDeleteManifest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                reference: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociListReferrers: {
        parameters: {
            query?: {
                artifactType?: string;
            };
            header?: never;
            path: {
                digest: string;
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociListTags: {
        parameters: {
            query?: {
                last?: string;
                n?: number;
            };
            header?: never;
            path: {
                name: string;
                scope: string;
                segment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ociToken: {
        parameters: {
            query?: {
                account?: string;
                client_id?: string;
                offline_token?: string;
                scope?: string | string[];
                service?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
