package blueprint

import "fmt"

// BuildingBlock (bouwblok) is one of the six work streams of a hackathon.
type BuildingBlock string

// The six building blocks, in blueprint order.
const (
	BlockCommunicatie      BuildingBlock = "communicatie"
	BlockTechniek          BuildingBlock = "techniek"
	BlockTesten            BuildingBlock = "testen"
	BlockIssuemanagement   BuildingBlock = "issuemanagement"
	BlockRelatiemanagement BuildingBlock = "relatiemanagement"
	BlockEventplanning     BuildingBlock = "eventplanning"
)

// BuildingBlocks returns all six building blocks in blueprint order
// (what a milestone table calls "Alle").
func BuildingBlocks() []BuildingBlock {
	return []BuildingBlock{
		BlockCommunicatie, BlockTechniek, BlockTesten,
		BlockIssuemanagement, BlockRelatiemanagement, BlockEventplanning,
	}
}

var blockLabels = map[BuildingBlock]Text{
	BlockCommunicatie:      txt("Communicatie", "Communication"),
	BlockTechniek:          txt("Techniek", "Technology"),
	BlockTesten:            txt("Testen", "Testing"),
	BlockIssuemanagement:   txt("Issuemanagement", "Issue management"),
	BlockRelatiemanagement: txt("Relatiemanagement", "Relationship management"),
	BlockEventplanning:     txt("Event planning", "Event planning"),
}

// BlockLabel returns the display name of a building block.
func BlockLabel(b BuildingBlock) Text {
	if l, ok := blockLabels[b]; ok {
		return l
	}
	return Text{NL: string(b), EN: string(b)}
}

// Label is BlockLabel(b), for templates.
func (b BuildingBlock) Label() Text { return BlockLabel(b) }

// Valid reports whether b is one of the six building blocks.
func (b BuildingBlock) Valid() bool {
	_, ok := blockLabels[b]
	return ok
}

// BlockOwner returns the project role that answers for a building block's
// milestones (each role corresponds to a building block).
func BlockOwner(b BuildingBlock) Role {
	switch b {
	case BlockCommunicatie:
		return RoleCommunicatieExpert
	case BlockTechniek:
		return RoleTechnischCoordinator
	case BlockTesten:
		return RoleTestcoordinator
	case BlockIssuemanagement:
		return RoleIssuecoordinator
	case BlockRelatiemanagement:
		return RoleRelatiemanager
	case BlockEventplanning:
		return RoleEventplanner
	}
	return ""
}

// ParseBuildingBlock accepts a key or a Dutch/English label, case-insensitively.
func ParseBuildingBlock(s string) (BuildingBlock, error) {
	if b, ok := parseKey(s, BuildingBlocks(), BlockLabel); ok {
		return b, nil
	}
	return "", fmt.Errorf("blueprint: unknown building block %q", s)
}
