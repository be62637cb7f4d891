"""Response schemas that every API shares: one name, one shape, in the OpenAPI components."""

from ninja import Field, Schema


class Message(Schema):
    detail: str


class BadRequest(Schema):
    """A query parameter that cannot be used (params.BadParameter.as_dict())."""

    detail: str
    param: str = Field(description="the parameter at fault")
    suggestions: list[str] = Field(description="values that would work, when some are close")


class RegionRef(Schema):
    code: str = Field(description="NUTS code")
    name: str


class HubRef(Schema):
    id: int
    slug: str
    name: str
    validation: str = Field(description="draft, submitted, published or archived")
    url: str
