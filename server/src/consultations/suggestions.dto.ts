import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MergeSuggestionsRequest, SuggestionsQuery } from '@xst/shared-types';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/paging.js';

export class SuggestionsQueryDto extends PageQueryDto implements SuggestionsQuery {
  @ApiPropertyOptional({ description: 'Part of a text' })
  @IsOptional()
  @IsString({ message: '查找的文字 q 应为文字' })
  @MaxLength(50, { message: '查找的文字 q 不能超过 50 个字' })
  q?: string;
}

export class SuggestionTextsQueryDto extends PageQueryDto {}

export class MergeSuggestionsDto implements MergeSuggestionsRequest {
  @ApiProperty({ type: [String] })
  @IsArray({ message: '要合并的分组 groupIds 应为列表' })
  @ArrayMinSize(2, { message: '要合并的分组 groupIds 至少选两组' })
  @ArrayMaxSize(50, { message: '要合并的分组 groupIds 一次最多 50 组' })
  @ArrayUnique({ message: '要合并的分组 groupIds 不能重复' })
  @IsString({ each: true, message: '要合并的分组 groupIds 格式不正确' })
  @Matches(/^[0-9a-f]{16}$/, { each: true, message: '要合并的分组 groupIds 格式不正确' })
  groupIds: string[];
}
