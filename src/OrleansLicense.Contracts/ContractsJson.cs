using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Agents;
using OrleansLicense.Contracts.Backup;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Contracts;

/// <summary>Source-generated JSON for every contract type (camelCase, as the API.md contract says).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(CheckOutRequest))]
[JsonSerializable(typeof(CheckOutResponse))]
[JsonSerializable(typeof(GatewaysResponse))]
[JsonSerializable(typeof(TrustedKeyView))]
[JsonSerializable(typeof(List<TrustedKeyView>))]
[JsonSerializable(typeof(AddTrustedKeyRequest))]
[JsonSerializable(typeof(LicenseView))]
[JsonSerializable(typeof(List<LicenseView>))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(List<SessionView>))]
[JsonSerializable(typeof(SettingsView))]
[JsonSerializable(typeof(MaintenanceRequest))]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(BorrowRequest))]
[JsonSerializable(typeof(BorrowResponse))]
[JsonSerializable(typeof(BorrowView))]
[JsonSerializable(typeof(List<BorrowView>))]
[JsonSerializable(typeof(ServerKeyView))]
[JsonSerializable(typeof(UsageUploadRequest))]
[JsonSerializable(typeof(UsageUploadResponse))]
[JsonSerializable(typeof(UsageView))]
[JsonSerializable(typeof(PeaksView))]
[JsonSerializable(typeof(List<AgentView>))]
[JsonSerializable(typeof(AgentCredentialRequest))]
[JsonSerializable(typeof(AgentCredentialResponse))]
[JsonSerializable(typeof(BackupView))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
