// Generated from /api/v1/openapi.json by `npm run sdk:generate`. Do not edit: a test fails when it drifts.
export interface paths {
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
        StorageConfig: {
            storage_account_hns?: boolean;
            /** @description Standard_LRS, Standard_GRS, Standard_ZRS, Premium_LRS, … */
            storage_account_type?: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
                                message: string;
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
}
