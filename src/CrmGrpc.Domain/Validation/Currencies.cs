using System.Collections.Frozen;

namespace CrmGrpc.Domain.Validation;

/// <summary>ISO-4217 active currency codes, and how many minor units each has.</summary>
public static class Currencies
{
    private static readonly FrozenSet<string> Codes = (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP " +
        "GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW " +
        "KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN " +
        "NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL " +
        "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES " +
        "VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA YER ZAR ZMW ZWG ZWL")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> NoMinorUnits =
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> ThreeMinorUnits =
        "BHD IQD JOD KWD LYD OMR TND".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for an upper-case three-letter code in the ISO-4217 list.</summary>
    public static bool IsIsoCode(string? code) => code is { Length: 3 } && Codes.Contains(code);

    /// <summary>Minor units per major unit: 100 for most codes, 1 for JPY and the like, 1000 for KWD and the like.</summary>
    public static int MinorUnitsPerMajor(string code) =>
        NoMinorUnits.Contains(code) ? 1 : ThreeMinorUnits.Contains(code) ? 1000 : 100;
}
