"""Defence in depth for the grants: a scheduled audit compares the stored grants of every open case
with what `privacy.policy.desired_grants` derives from its data, repairs any drift through the grant
service and records each repair as an incident (`GrantRepair`) for the privacy officer."""
