namespace CrmGrpc.Server.Auth;

/// <summary>
/// What a caller may do, each role everything of the one before: <see cref="Reader"/> every read, metric, stream,
/// model read and uplift; <see cref="Writer"/> also every import, create, update, record and fit; <see cref="Admin"/>
/// also deletes and administration. In the RPC table <see cref="None"/> means the method is open to anyone.
/// </summary>
public enum Role
{
    None = 0,
    Reader = 1,
    Writer = 2,
    Admin = 3,
}

/// <summary>The roles' configuration names.</summary>
public static class Roles
{
    public static bool TryParse(string? text, out Role role)
    {
        role = text switch
        {
            "reader" => Role.Reader,
            "writer" => Role.Writer,
            "admin" => Role.Admin,
            _ => Role.None,
        };
        return role != Role.None;
    }

    public static string Name(Role role) => role switch
    {
        Role.Reader => "reader",
        Role.Writer => "writer",
        Role.Admin => "admin",
        _ => "none",
    };
}
